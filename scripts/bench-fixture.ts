import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMonorepo } from '../fixture/generate.js';

export interface BenchRepo {
  repo: string;
  /** the generated history's head */
  base: string;
  /** one commit on top of base touching 1% of the files that define tables */
  head: string;
  /**
   * a chain of such commits from base, each editing the same files anew: every
   * incremental run meets content no earlier run analysed
   */
  heads?: string[];
  changedFiles: number;
}

const git = (repo: string, args: string[], input?: string) =>
  execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', maxBuffer: 1 << 30 }).trim();

/**
 * The benchmark monorepo, generated once per size and seed and kept under
 * `.grainline/bench/` (100k tables take a few minutes to generate), with a branch
 * `bench-1pct` whose one commit edits every hundredth table's defining file.
 */
export async function benchRepo(dir: string, tables: number, seed: number, chain = 3): Promise<BenchRepo> {
  const repo = join(dir, `repo-${tables}-s${seed}`);
  const marker = join(dir, `repo-${tables}-s${seed}.json`);
  if (existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8')) as BenchRepo;
    if ((kept.heads?.length ?? 0) >= chain) return kept;
  }
  const truthPath = `${repo}.truth.json`;
  if (!existsSync(repo) || !existsSync(truthPath)) {
    const tmp = `${repo}.partial`;
    rmSync(tmp, { recursive: true, force: true });
    console.error(`bench: generating ${tables} tables (seed ${seed}) into ${repo}`);
    const truth = await generateMonorepo({ out: tmp, tables, seed });
    rmSync(repo, { recursive: true, force: true });
    renameSync(tmp, repo);
    writeFileSync(truthPath, JSON.stringify(truth));
  }
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { tables: { files: string[] }[] };
  const out = { repo, ...onePercentCommits(repo, truth.tables, chain) };
  writeFileSync(marker, JSON.stringify(out, null, 1));
  return out;
}

const COMMENT: Record<string, string> = { sql: '-- ', py: '# ', yml: '# ', yaml: '# ', scala: '// ' };

/**
 * Appends a comment to every hundredth table's first file, `n` times over (commit k
 * says `touched k`), committed with git plumbing on a temporary index: the working
 * tree (100k files) is never touched.
 */
function onePercentCommits(repo: string, tables: { files: string[] }[], n: number): Omit<BenchRepo, 'repo'> {
  const base = git(repo, ['rev-parse', 'HEAD']);
  const prefix = (f: string) => COMMENT[f.split('.').pop()!];
  const files = [...new Set(tables.filter((_, i) => i % 100 === 0).map((t) => t.files[0]).filter((f) => f && prefix(f)))];
  const index = join(repo, '.git', 'bench-index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  execFileSync('git', ['read-tree', base], { cwd: repo, env });
  const original = new Map(files.map((f) => [f, { text: git(repo, ['show', `${base}:${f}`]), mode: git(repo, ['ls-tree', base, '--', f]).split(/\s+/)[0] }]));
  const heads: string[] = [];
  for (let k = 1; k <= n; k++) {
    const lines: string[] = [];
    for (const [f, { text, mode }] of original) {
      const sha = git(repo, ['hash-object', '-w', '--stdin'], `${text}\n${prefix(f)}bench: touched ${k}\n`);
      lines.push(`${mode} ${sha}\t${f}`);
    }
    execFileSync('git', ['update-index', '--index-info'], { cwd: repo, env, input: lines.join('\n') + '\n' });
    const tree = execFileSync('git', ['write-tree'], { cwd: repo, env, encoding: 'utf8' }).trim();
    heads.push(git(repo, ['commit-tree', tree, '-p', heads.at(-1) ?? base, '-m', `bench: touch ${files.length} defining files (${k})`]));
  }
  git(repo, ['update-ref', 'refs/heads/bench-1pct', heads.at(-1)!]);
  rmSync(index, { force: true });
  return { base, head: heads[0], heads, changedFiles: files.length };
}
