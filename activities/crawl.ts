import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { heartbeat } from '@temporalio/activity';
import type { CatalogEntry } from '../schemas/catalog.js';
import type { OwnerFact, TableFact, Warning } from '../schemas/facts.js';
import { analyzeRepo } from '../enrichers/catalog/analyze-repo.js';
import { fingerprintEntry, linkCatalog } from '../enrichers/catalog/link.js';
import { findCodeownersFile, ownersForPath, parseCodeowners } from '../enrichers/owners/codeowners.js';
import { rankAuthors } from '../enrichers/owners/git-history.js';
import { loadPythonParser } from '../enrichers/python/parser.js';
import { findSimilarTables } from '../enrichers/similar/similar-tables.js';
import { readGitHistory } from './git-history.js';
import { writeJsonl } from './jsonl.js';
import { readRepoFiles, resolveCommit } from './repo-files.js';
import { runPaths, SHARD_SIZE } from './run-dir.js';

export interface CrawlInput {
  repo: string;
  ref: string;
  runDir: string;
  maxFileBytes: number;
  /** write the files read to `<runDir>/snapshot`, for the model's context and tools */
  snapshot?: boolean;
}

export interface CrawlResult {
  commit: string;
  commitTime: number;
  files: number;
  tables: number;
  shards: number;
  shardPaths: string[];
  warnings: number;
}

/** Pins the ref, reads the tree once, analyses and links it, and writes catalog shards. */
export async function crawlRepo(input: CrawlInput): Promise<CrawlResult> {
  const paths = runPaths(input.runDir);
  const commit = await resolveCommit(input.repo, input.ref);
  const { files, warnings: readWarnings, paths: allPaths } = await readRepoFiles(input.repo, commit, {
    maxFileBytes: input.maxFileBytes,
  });
  safeHeartbeat({ stage: 'read', files: files.length });
  const python = await loadPythonParser();
  const facts = analyzeRepo(files, python);
  safeHeartbeat({ stage: 'analyzed', files: files.length });
  const shas = new Map(files.map((f) => [f.path, f.sha]));
  const { entries, warnings } = linkCatalog(facts, shas, readWarnings);

  const history = await readGitHistory(input.repo, commit);
  const commitTime = await commitTimestamp(input.repo, commit);
  const codeowners = findCodeownersFile(allPaths);
  const coFile = codeowners ? files.find((f) => f.path === codeowners) : undefined;
  const co = coFile ? parseCodeowners(coFile.path, coFile.content) : { rules: [], warnings: [] as Warning[] };
  const similar = findSimilarTables(
    entries.map((e) => ({ id: e.id, upstream: e.upstream, columns: columnsOf(e) })),
  );
  for (const e of entries) {
    const declared = dedupeOwners(e.files.flatMap((f) => ownersForPath(co.rules, f)));
    const git = rankAuthors(history, e.files, commitTime);
    // Owner identities, not git scores, feed the fingerprint: scores drift with time.
    const ownerKey = [...declared, ...git.slice(0, 3)].map((o) => o.id).join(',');
    e.fingerprint = fingerprintEntry({ ...e, fingerprint: ownerKey }, shas);
    if (declared.length) e.facts.push(ownerOnlyFact(e.id, declared));
    if (git.length) e.facts.push(ownerOnlyFact(e.id, git));
    e.similar = similar.get(e.id) ?? [];
  }

  const allWarnings = [...co.warnings, ...warnings];
  await writeJsonl(paths.warnings, allWarnings);
  const shards = Math.ceil(entries.length / SHARD_SIZE);
  for (let i = 0; i < shards; i++) {
    await writeJsonl(paths.catalogShard(i), entries.slice(i * SHARD_SIZE, (i + 1) * SHARD_SIZE));
    safeHeartbeat({ stage: 'write', shard: i });
  }
  await writeFile(
    paths.index,
    JSON.stringify(
      entries.map((e, i) => ({ id: e.id, aliases: e.aliases, shard: Math.floor(i / SHARD_SIZE), columns: columnsOf(e), downstream: e.downstream })),
    ),
  );
  if (input.snapshot) await writeSnapshot(join(input.runDir, 'snapshot'), files);
  const shardPaths = Array.from({ length: shards }, (_, i) => paths.catalogShard(i));
  return { commit, commitTime, files: files.length, tables: entries.length, shards, shardPaths, warnings: allWarnings.length };
}

/** Only the files Grainline read, at the pinned commit: the model never sees the working tree. */
async function writeSnapshot(dir: string, files: { path: string; content: string }[]): Promise<void> {
  for (const f of files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.content);
  }
}

function columnsOf(e: CatalogEntry): string[] {
  return [...new Set(e.facts.flatMap((f) => f.columns.map((c) => c.name.toLowerCase())))];
}

function ownerOnlyFact(name: string, owners: OwnerFact[]): TableFact {
  return { name, defines: false, aliases: [], upstream: [], columns: [], grain: [], joinKeys: [], owners, descriptions: [], consumers: [], tags: [] };
}

function dedupeOwners(owners: OwnerFact[]): OwnerFact[] {
  const seen = new Map<string, OwnerFact>();
  for (const o of owners) if (!seen.has(o.id.toLowerCase())) seen.set(o.id.toLowerCase(), o);
  return [...seen.values()];
}

async function commitTimestamp(repo: string, commit: string): Promise<number> {
  const { simpleGit } = await import('simple-git');
  return Number((await simpleGit(repo).raw(['show', '-s', '--format=%ct', commit])).trim()) * 1000;
}

/** Heartbeats only mean something inside an activity; direct calls (bench, diff) skip them. */
export function safeHeartbeat(details: unknown): void {
  try {
    heartbeat(details);
  } catch {
    /* not running as an activity */
  }
}
