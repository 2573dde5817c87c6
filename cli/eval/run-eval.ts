import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../../infra/errors.js';
import { readRepoFiles, resolveCommit } from '../../infra/git/repo-files.js';
import { openCatalog } from '../../reader/catalog.js';
import type { TableRecord } from '../../schemas/table-record.js';
import { maxFileBytes, runSettings } from '../options.js';
import { runDirect } from '../run-direct.js';
import { readHistory, writeBlindCopy } from './blind-copy.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';
import { dbtModelFiles } from './dbt-models.js';
import { blindRepo, type Blinded } from './declarations.js';
import { builtGrainAnswers, renderGrainAnswers } from './grain-answers.js';
import { scoreEval, type EvalReport } from './score.js';

export interface EvalOptions {
  repo: string;
  ref: string;
  holdout: number;
  seed: number;
  /** keep the blind copy and its catalog here instead of a temporary folder */
  work?: string;
  log?: (line: string) => void;
}

export interface EvalResult extends EvalReport {
  repo: string;
  ref: string;
  commit: string;
  removed: Blinded['removed'] & { ownersKept: number };
  /** grain answers left out of n: tests declared on models the repo does not build (absent or disabled) */
  grainNotBuilt: string[];
  seconds: number;
}

/**
 * `grainline eval`: a blind copy of the repo at the ref (declared grain, join keys and a
 * held-out share of owners removed, also from its history), enriched statically by the
 * same pipeline a nightly run uses, then scored against what was removed.
 */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const repo = resolve(opts.repo);
  if (!existsSync(repo)) throw new UserError(`repository path does not exist: ${repo}`);
  if (!(opts.holdout >= 0 && opts.holdout <= 1)) throw new UserError(`--holdout must be between 0 and 1, not ${opts.holdout}`);
  const commit = await resolveCommit(repo, opts.ref);
  const { files } = await readRepoFiles(repo, commit, { maxFileBytes: maxFileBytes() });
  const original = new Map(files.map((f) => [f.path, f.content]));
  const blinded = blindRepo(original, { holdout: opts.holdout, seed: opts.seed });
  const models = dbtModelFiles(original, await loadPythonParser());
  const answers = builtGrainAnswers(original, renderGrainAnswers(original, blinded.grain), models);
  blinded.grain = answers.kept;
  log(`blind copy: removed ${blinded.removed.grain} grain, ${blinded.removed.joins} join and ${blinded.removed.owners} owner declarations`);

  const work = opts.work ? resolve(opts.work) : mkdtempSync(join(tmpdir(), 'grainline-eval-'));
  try {
    const copy = join(work, 'repo');
    await writeBlindCopy(copy, await readHistory(repo, commit), blinded.files);
    const db = join(work, 'db');
    log('enriching the blind copy (static analysis only)');
    await runDirect({
      repo: copy,
      ref: 'HEAD',
      dbUri: db,
      stateDir: join(db, '_grainline'),
      full: true,
      usagePaths: [],
      annotationsDir: join(copy, 'annotations'),
      ...runSettings(),
      model: null,
    });
    const records = await readRecords(db);
    const report = scoreEval(records, blinded, models);
    return {
      repo,
      ref: opts.ref,
      commit,
      removed: { ...blinded.removed, ownersKept: blinded.ownersKept },
      grainNotBuilt: answers.notBuilt.map((g) => g.name),
      ...report,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    if (!opts.work) rmSync(work, { recursive: true, force: true });
  }
}

async function readRecords(db: string): Promise<TableRecord[]> {
  const catalog = await openCatalog(db);
  try {
    const out: TableRecord[] = [];
    for await (const r of catalog.all()) out.push(r);
    return out;
  } finally {
    catalog.close();
  }
}
