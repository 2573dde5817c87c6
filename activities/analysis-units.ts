import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { FileFacts } from '../schemas/facts.js';
import { analyzeRepo } from '../enrichers/catalog/analyze-repo.js';
import { dbtScope, standaloneAnalyzer } from '../enrichers/catalog/routing.js';
import { groupBy } from '../enrichers/group-by.js';
import { namesTableFolder } from '../enrichers/metadata/folder-table-facts.js';
import type { PythonParser } from '../enrichers/python/parser.js';
import type { Memo } from '../enrichers/memo.js';
import type { RepoFile } from '../infra/git/repo-files.js';

/**
 * A piece of the repo that `analyzeRepo` can analyse on its own and give the same
 * facts for its files as a whole-repo analysis would: the unit of parallel work and
 * of the analysis cache.
 */
export interface AnalysisUnit {
  /** files whose facts the unit yields */
  owned: RepoFile[];
  /** files an Airflow DAG in the unit may load as templates: read, not analysed */
  context: RepoFile[];
  /** content hash of owned and context files: the cache key (with the code version) */
  key: string;
  /** bytes, for balancing threads */
  weight: number;
}

/**
 * Every dbt project together (ref() needs the project-wide model map; projects share
 * relations), each folder that names a table whole (folder-per-table groups by
 * folder), and elsewhere each plain SQL, PySpark and Scala file on its own, and each
 * Airflow DAG on its own with, as context, every file its path literals can resolve
 * to as a template; a name the DAG computes is caught afterwards (see `missingContext`).
 */
export function analysisUnits(files: RepoFile[]): AnalysisUnit[] {
  const inDbt = dbtScope(files);
  const dbt = files.filter((f) => inDbt(f.path));
  const byDir = groupBy(files.filter((f) => !inDbt(f.path)), (f) => posix.dirname(f.path));
  const byName = filesByName(files);
  const units = dbt.length ? [unit(dbt, [])] : [];
  for (const files of byDir.values()) {
    const routed = new Map(files.map((f) => [f, standaloneAnalyzer(f)]));
    const dags = new Set(files.filter((f) => routed.get(f) === 'airflow'));
    if (files.some((f) => namesTableFolder(f.path))) {
      units.push(unit(files, dags.size ? contextFor([...dags], files, byName) : []));
      continue;
    }
    // Outside a table's folder each job stands alone (a DAG with its templates): one
    // edited file in a folder of hundreds re-analyses that file only.
    const rest: RepoFile[] = [];
    for (const f of files) {
      if (dags.has(f)) units.push(unit([f], contextFor([f], [f], byName)));
      else if (routed.get(f)) units.push(unit([f], []));
      else rest.push(f);
    }
    if (rest.length) units.push(unit(rest, []));
  }
  return units;
}


/**
 * The files a DAG's path literals can resolve to. Airflow joins a template path to a
 * search path, the DAG's folder or the dags folder, or takes a repo file ending in
 * it: whichever it picks ends in the literal (less its leading `/`, `./`, `../`; an
 * absolute path is mapped onto the repo's dags folder from its last `dags` on).
 */
function contextFor(dags: RepoFile[], owned: RepoFile[], byName: Map<string, RepoFile[]>): RepoFile[] {
  const own = new Set(owned.map((f) => f.path));
  const out = new Map<string, RepoFile>();
  for (const d of dags) {
    for (const literal of pathLiterals(d.content)) {
      for (const f of filesEndingIn(literal, byName)) if (!own.has(f.path)) out.set(f.path, f);
    }
  }
  return [...out.values()];
}

/**
 * Words that look like file paths (`dir/name.ext`). Path characters are split into runs
 * first and each run is matched anchored: one unanchored pattern retried at every
 * start of an 80,000-character run without a dot took the crawl minutes (quadratic).
 */
function pathLiterals(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.match(/[\w./-]+/g) ?? []) {
    const literal = /^[\w./-]+\.\w+/.exec(run)?.[0];
    if (literal) out.add(literal);
  }
  return out;
}

function filesEndingIn(literal: string, byName: Map<string, RepoFile[]>): RepoFile[] {
  let tail = literal.replace(/^(\.{0,2}\/)+/, '');
  const parts = tail.split('/');
  if (literal.startsWith('/') && parts.lastIndexOf('dags') >= 0) tail = parts.slice(parts.lastIndexOf('dags') + 1).join('/');
  const candidates = byName.get(posix.basename(tail)) ?? [];
  return candidates.filter((f) => f.path === tail || f.path.endsWith('/' + tail));
}

export const filesByName = (files: RepoFile[]) => groupBy(files, (f) => posix.basename(f.path));

export function unit(owned: RepoFile[], context: RepoFile[]): AnalysisUnit {
  const h = createHash('sha256');
  for (const f of owned) h.update(`o ${f.path} ${f.sha}\n`);
  for (const f of context) h.update(`c ${f.path} ${f.sha}\n`);
  const weight = [...owned, ...context].reduce((n, f) => n + f.content.length, 0);
  return { owned, context, key: h.digest('hex'), weight };
}

/**
 * The facts of one unit: its owned files analysed, with its context files there to
 * be read as templates. Runs in a worker thread; pure, like `analyzeRepo`.
 */
export function analyzeUnit(u: Pick<AnalysisUnit, 'owned' | 'context'>, python: PythonParser, memo?: Memo): FileFacts[] {
  return analyzeRepo(u.owned, python, memo, u.context);
}

/**
 * Files a DAG of the unit asked for as templates that its context lacked: non-empty
 * only when a name was computed at run time and the repo does have files of it.
 */
export function missingContext(u: Pick<AnalysisUnit, 'owned' | 'context'>, facts: FileFacts[], byName: Map<string, RepoFile[]>): RepoFile[] {
  if (!u.owned.some((f) => f.path.endsWith('.py'))) return [];
  const have = new Set([...u.owned, ...u.context].map((f) => f.path));
  const out = new Map<string, RepoFile>();
  for (const w of facts.flatMap((f) => f.warnings)) {
    if (w.code !== 'sql-file-not-found') continue;
    const path = / cannot find (.+) in the repo$/.exec(w.message)?.[1];
    for (const f of path ? filesEndingIn(path, byName) : []) if (!have.has(f.path)) out.set(f.path, f);
  }
  return [...out.values()];
}
