/**
 * The command line's speed as a user meets it: the wall time of whole `grainline`
 * processes (node start, module loading, Temporal start, the run, exit), beside a bare
 * `node -e 0` timed in the same run (the machine may be shared: compare the two).
 * Medians of `runs` runs; speed targets live here, not in tests.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIsFresh } from '../bin/build-freshness.mjs';
import { benchRepo } from './bench-fixture.js';
import { projectRoot } from '../cli/temporal-cli.mjs';

export const CLI_TARGETS = { searchSeconds: 0.5, enrichSmallSeconds: 4, unchangedLargeSeconds: 10 };

interface Timed {
  seconds: number;
  /** false when a source changed under the build and the CLI ran through tsx: not the figure asked for */
  compiled: boolean;
}

export interface CliReport {
  nodeBare: number;
  version: number;
  enrichSmall: number;
  unchangedSmall: number;
  firstLarge: number;
  unchangedLarge: number;
  searchLarge: number;
  largeTables: number;
  /** cases some run of which ran from the sources (the build went stale mid-bench) */
  fromSources: string[];
}

const BIN = join(projectRoot, 'bin', 'grainline.js');

/** One process, start to exit. */
async function timed(args: string[]): Promise<Timed> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${code}: ${err.trim()}`);
  return { seconds, compiled: buildIsFresh() };
}

export async function cliBench(opts: { runs: number; seed: number; largeTables: number }): Promise<CliReport> {
  const dir = join(projectRoot, '.grainline', 'bench');
  const work = join(dir, 'cli-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const small = await benchRepo(dir, 10, opts.seed, 1);
  const large = await benchRepo(dir, opts.largeTables, opts.seed, 1);
  const fromSources = new Set<string>();
  const cases: Record<string, number[]> = {};
  const measure = async (name: string, args: string[], before?: () => void) => {
    before?.();
    const t = await timed(args);
    if (!t.compiled) fromSources.add(name);
    (cases[name] ??= []).push(t.seconds);
    console.error(`bench: ${name.padEnd(16)} ${t.seconds.toFixed(2).padStart(7)} s wall${t.compiled ? '' : '  (from the sources)'}`);
  };
  const enrich = (repo: string, db: string) => [BIN, 'enrich', '--repo', repo, '--db', db, '--json'];

  for (let r = 1; r <= opts.runs; r++) {
    await measure('node -e 0', ['-e', '0']);
    await measure('--version', [BIN, '--version']);
    const db = join(work, `small-${r}`);
    await measure('enrich 10', enrich(small.repo, db)); // a new db: nothing cached in its state dir
    await measure('unchanged 10', enrich(small.repo, db));
  }
  const largeDb = join(work, 'large');
  await measure(`first ${opts.largeTables}`, enrich(large.repo, largeDb));
  for (let r = 1; r <= opts.runs; r++) {
    await measure(`unchanged ${opts.largeTables}`, enrich(large.repo, largeDb));
    await measure(`search ${opts.largeTables}`, [BIN, 'search', '--db', largeDb, 'orders by customer and day']);
  }
  const med = (name: string) => {
    const s = [...cases[name]].sort((a, b) => a - b);
    const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return Math.round(m * 100) / 100;
  };
  return {
    nodeBare: med('node -e 0'),
    version: med('--version'),
    enrichSmall: med('enrich 10'),
    unchangedSmall: med('unchanged 10'),
    firstLarge: med(`first ${opts.largeTables}`),
    unchangedLarge: med(`unchanged ${opts.largeTables}`),
    searchLarge: med(`search ${opts.largeTables}`),
    largeTables: opts.largeTables,
    fromSources: [...fromSources],
  };
}

export function cliReportLines(f: CliReport): string[] {
  const ok = (v: number, target: number) => (v <= target ? 'ok' : 'OVER');
  const T = CLI_TARGETS;
  return [
    `node -e 0           ${f.nodeBare} s median (the machine's floor in this run)`,
    `grainline --version ${f.version} s`,
    `enrich 10 tables    ${f.enrichSmall} s (new db)   target <= ${T.enrichSmallSeconds} s  ${ok(f.enrichSmall, T.enrichSmallSeconds)}; unchanged re-run ${f.unchangedSmall} s`,
    `unchanged ${f.largeTables}     ${f.unchangedLarge} s   target <= ${T.unchangedLargeSeconds} s  ${ok(f.unchangedLarge, T.unchangedLargeSeconds)}; first run ${f.firstLarge} s`,
    `search ${f.largeTables}        ${f.searchLarge} s   target <= ${T.searchSeconds} s  ${ok(f.searchLarge, T.searchSeconds)}`,
    ...(f.fromSources.length ? [`NOT COMPILED (a source changed mid-bench; tsx ran): ${f.fromSources.join(', ')}`] : []),
  ];
}
