import { posix } from 'node:path';
import type { TableRecord } from '../../schemas/table-record.js';
import type { Blinded, TableRef } from './declarations.js';
import type { DbtModelFile } from './dbt-models.js';

/**
 * Compares what a blind enrichment inferred with what the repo declared. Pure: the
 * records and the answers in, the figures out. Names are compared case-insensitively
 * on their last dotted part, since the answers name tables as ref()/source() do.
 */

export interface Calibration {
  bucket: string;
  n: number;
  right: number;
  rate: number | null;
}

export interface Miss {
  table: string;
  expected: string;
  inferred: string;
  source?: string;
  confidence?: number;
}

export interface Measure {
  n: number;
  /** items where anything was inferred */
  inferred: number;
  right: number;
  /** right / n */
  score: number | null;
  calibration: Calibration[];
  misses: Miss[];
}

export interface EvalReport {
  tables: { models: number; found: number; missing: string[] };
  /** of the models found: how many failed to render, to parse at all, or parsed for tables only (no grain, no columns) */
  parse: { models: number; renderFailed: number; parseFailed: number; shapeLost: number; failures: string[] };
  lineage: Lineage;
  /** the same against every ref()/source() written in the enabled models' files, whatever branch renders */
  lineageWritten: Omit<Lineage, 'misses'>;
  grain: Measure & { rules: RuleTally[] };
  joinKeys: Measure & { inferredOnAnswered: number; precisionLowerBound: number | null; referencesPrecisionLowerBound: number | null };
  owners: Measure;
}

/** how often each grain rule was right, by its source and the rule's words (column names left out) */
export interface RuleTally {
  rule: string;
  n: number;
  right: number;
}

type Lineage = {
  edges: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** reads of relations no dbt node defines (`region-us.information_schema.jobs`): true lineage dbt cannot declare, so not judged */
  undeclaredReads: number;
  misses: Miss[];
};

const BUCKETS = [0, 0.3, 0.5, 0.7, 0.9, 1.0001];
const lower = (s: string) => s.toLowerCase();
const last = (name: string) => lower(name.split('.').pop() ?? name).replace(/["`[\]]/g, '');
const sameCols = (a: string[], b: string[]) => a.length === b.length && a.map(lower).sort().join(',') === b.map(lower).sort().join(',');
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function scoreEval(records: TableRecord[], truth: Blinded, models: DbtModelFile[]): EvalReport {
  const find = recordFinder(records);
  return {
    tables: scoreTables(records, models),
    parse: scoreParse(records, models, find),
    lineage: scoreLineage(records, models, find),
    lineageWritten: withoutMisses(scoreLineage(records, models.map((m) => ({ ...m, reads: m.written })), find)),
    grain: scoreGrain(truth, find),
    joinKeys: scoreJoins(truth, find),
    owners: scoreOwners(truth, find),
  };
}

type Finder = {
  byRef(ref: TableRef): TableRecord | undefined;
  byFile(path: string): TableRecord | undefined;
  names(id: string): Set<string>;
  /** a relation the code reads that no file of the repo defines or declares */
  isUndeclared(id: string): boolean;
};

function recordFinder(records: TableRecord[]): Finder {
  const byName = new Map<string, TableRecord[]>();
  const byFile = new Map<string, TableRecord>();
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const r of records) {
    for (const n of new Set([r.id, ...r.aliases].map(last))) byName.set(n, [...(byName.get(n) ?? []), r]);
    // a model's own file, not a properties file that merely describes it
    for (const f of r.files) if (!/\.ya?ml$/.test(f) && r.kind !== 'external') byFile.set(f, r);
  }
  const nearest = (candidates: TableRecord[], file: string) =>
    candidates
      .map((r) => ({ r, shared: Math.max(0, ...r.files.map((f) => commonPrefix(f, file))) }))
      .sort((a, b) => b.shared - a.shared || kindRank(a.r) - kindRank(b.r))[0]?.r;
  return {
    byRef(ref) {
      if (ref.style === 'folder') {
        const inDir = records.filter((r) => r.files.some((f) => posix.dirname(f) === ref.name));
        return inDir.find((r) => r.files.includes(ref.file)) ?? inDir[0];
      }
      return nearest(byName.get(last(ref.name)) ?? [], ref.file);
    },
    byFile: (path) => byFile.get(path),
    names(id) {
      const r = byId.get(id);
      return new Set([id, ...(r?.aliases ?? [])].map(last));
    },
    isUndeclared(id) {
      const r = byId.get(id);
      return !r || (r.kind === 'external' && r.files.length === 0);
    },
  };
}

const kindRank = (r: TableRecord) => (r.kind.startsWith('dbt') ? 0 : r.kind === 'external' ? 2 : 1);

function commonPrefix(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}

function scoreTables(records: TableRecord[], models: DbtModelFile[]): EvalReport['tables'] {
  const defined = new Set(records.filter((r) => r.kind !== 'external').flatMap((r) => r.files));
  const missing = models.filter((m) => !defined.has(m.file)).map((m) => m.file);
  return { models: models.length, found: models.length - missing.length, missing };
}

function scoreParse(records: TableRecord[], models: DbtModelFile[], find: Finder): EvalReport['parse'] {
  const out = { models: 0, renderFailed: 0, parseFailed: 0, shapeLost: 0, failures: [] as string[] };
  for (const m of models) {
    const r = find.byFile(m.file);
    if (!r) continue;
    out.models++;
    const codes = new Set(r.warnings.filter((w) => w.file === m.file).map((w) => w.message.split(':')[0]));
    if (codes.has('dbt-render')) out.renderFailed++;
    if (codes.has('sql-parse-failed')) out.parseFailed++;
    else if (codes.has('sql-shape-unparsed')) out.shapeLost++;
    if (codes.has('dbt-render') || codes.has('sql-parse-failed')) out.failures.push(m.file);
  }
  return out;
}

function scoreLineage(records: TableRecord[], models: Pick<DbtModelFile, 'file' | 'reads'>[], find: Finder): Lineage {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let undeclaredReads = 0;
  const misses: Miss[] = [];
  for (const m of models) {
    const r = find.byFile(m.file);
    if (!r) {
      fn += m.reads.length;
      continue;
    }
    const expected = new Set(m.reads.map(last));
    const matched = new Set<string>();
    const extra: string[] = [];
    for (const up of r.upstream) {
      const hit = [...find.names(up)].find((n) => expected.has(n));
      if (hit) matched.add(hit);
      else if (find.isUndeclared(up)) undeclaredReads++;
      else extra.push(up);
    }
    const lost = [...expected].filter((e) => !matched.has(e));
    tp += matched.size;
    fp += extra.length;
    fn += lost.length;
    if (lost.length || extra.length) misses.push({ table: r.table, expected: lost.join(', ') || '-', inferred: extra.join(', ') || '-' });
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { edges: tp + fn, precision, recall, f1, undeclaredReads, misses };
}

function withoutMisses({ misses: _, ...rest }: Lineage): Omit<Lineage, 'misses'> {
  return rest;
}

function measure(items: { right: boolean; inferred: boolean; confidence?: number; miss?: Miss }[]): Measure {
  const right = items.filter((i) => i.right).length;
  return {
    n: items.length,
    inferred: items.filter((i) => i.inferred).length,
    right,
    score: ratio(right, items.length),
    calibration: calibrate(items.filter((i) => i.inferred && i.confidence !== undefined) as { right: boolean; confidence: number }[]),
    misses: items.filter((i) => !i.right && i.miss).map((i) => i.miss!),
  };
}

export function calibrate(items: { right: boolean; confidence: number }[]): Calibration[] {
  const out: Calibration[] = [];
  for (let b = 0; b < BUCKETS.length - 1; b++) {
    const inBucket = items.filter((i) => i.confidence >= BUCKETS[b] && i.confidence < BUCKETS[b + 1]);
    if (!inBucket.length) continue;
    const right = inBucket.filter((i) => i.right).length;
    out.push({ bucket: `${BUCKETS[b].toFixed(1)}-${Math.min(1, BUCKETS[b + 1]).toFixed(1)}`, n: inBucket.length, right, rate: right / inBucket.length });
  }
  return out;
}

function scoreGrain(truth: Blinded, find: Finder): EvalReport['grain'] {
  const tally = new Map<string, RuleTally>();
  const base = measure(
    truth.grain.map((g) => {
      const r = find.byRef(g);
      const got = r?.grain;
      const right = !!got && g.keys.some((k) => sameCols(k, got.columns));
      if (got) {
        const rule = ruleOf(got.source, got.detail);
        const t = tally.get(rule) ?? { rule, n: 0, right: 0 };
        t.n++;
        if (right) t.right++;
        tally.set(rule, t);
      }
      return {
        right,
        inferred: !!got,
        confidence: got?.confidence,
        miss: {
          table: r?.table ?? g.name,
          expected: g.keys.map((k) => `[${k.join(', ')}]`).join(' or '),
          inferred: got ? `[${got.columns.join(', ')}]` : r ? '-' : '(no table)',
          source: got ? [got.source, got.detail].filter(Boolean).join(': ') : undefined,
          confidence: got?.confidence,
        },
      };
    }),
  );
  return { ...base, rules: [...tally.values()].sort((a, b) => b.n - a.n) };
}

/** `heuristic: naming: order_id names the table's entity, within each source_relation` -> `heuristic: naming: X names the table's entity` */
function ruleOf(source: string, detail: string | undefined): string {
  const words = (detail ?? '')
    .replace(/\([^)]*\)/g, '')
    .replace(/\b(inherited from|GROUP BY holds the key of|depend on the key of) [\w.]+/g, '$1 T')
    .replace(/\b(within each|over|renames id to|of|a bridge of|an unnested array:|a history table:|told apart by) [\w, ]+/g, '$1 X')
    .replace(/\b\w+_\w+\b/g, 'X')
    .replace(/(, carried)+/g, ', carried')
    .replace(/\)+/g, '')
    .trim();
  return `${source}: ${words}`.slice(0, 120);
}

function scoreJoins(truth: Blinded, find: Finder): EvalReport['joinKeys'] {
  // the tables that have answers, found once here and judged again below
  const answered = new Map<string, TableRecord>();
  const edgeKey = (a: string, ac: string[], b: string, bc: string[]) =>
    [`${last(a)}(${ac.map(lower).sort()})`, `${last(b)}(${bc.map(lower).sort()})`].sort().join('~');
  const truthEdges = new Set(truth.joins.map((j) => edgeKey(j.name, j.columns, j.target, j.refColumns)));
  const base = measure(
    truth.joins.map((j) => {
      const r = find.byRef(j);
      if (r) answered.set(r.id, r);
      const hit = r?.joinKeys.find(
        (k) => (find.names(k.table).has(last(j.target)) || last(k.table) === last(j.target)) && sameCols(k.columns, j.columns) && sameCols(k.refColumns, j.refColumns),
      );
      const near = r?.joinKeys.filter((k) => sameCols(k.columns, j.columns)).map((k) => `${k.table}(${k.refColumns.join(', ')})`);
      return {
        right: !!hit,
        inferred: !!hit || !!near?.length,
        confidence: hit?.confidence,
        miss: {
          table: r?.table ?? j.name,
          expected: `${j.columns.join(', ')} -> ${j.target}(${j.refColumns.join(', ')})`,
          inferred: near?.length ? near.join('; ') : r ? '-' : '(no table)',
        },
      };
    }),
  );
  // precision: keys inferred on the tables that have answers, found among the answers;
  // either table may be named by an alias (a seed's `alias:`), so every name of each counts
  const confirmedKey = (r: TableRecord, k: TableRecord['joinKeys'][number]) => {
    for (const a of find.names(r.id)) for (const b of new Set([...find.names(k.table), last(k.table)])) {
      if (truthEdges.has(edgeKey(a, k.columns, b, k.refColumns))) return true;
    }
    return false;
  };
  const judged = [...answered.values()].flatMap((r) =>
    r.joinKeys.map((k) => ({ confidence: k.confidence, right: confirmedKey(r, k), joinedOnly: k.relation === 'joined' })),
  );
  const inferred = judged.length;
  const confirmed = judged.filter((j) => j.right).length;
  // A relationships test is a foreign key; a JOIN ON with no direction known (1:1, or
  // many-to-many) is a join that no such test would declare, so the keys that claim to
  // be references are also judged on their own.
  const references = judged.filter((j) => !j.joinedOnly);
  // calibration needs every inferred key on those tables, right or not
  const calibration = calibrate(judged);
  return {
    ...base,
    calibration,
    inferredOnAnswered: inferred,
    precisionLowerBound: ratio(confirmed, inferred),
    referencesPrecisionLowerBound: ratio(references.filter((j) => j.right).length, references.length),
  };
}

function sameOwner(a: string, b: string): boolean {
  const x = lower(a).trim();
  const y = lower(b).trim();
  if (x === y) return true;
  const local = (s: string) => s.replace(/^@/, '').split('@')[0].split('/').pop()!;
  return local(x) === local(y) && local(x).length > 2;
}

function scoreOwners(truth: Blinded, find: Finder): Measure {
  return measure(
    truth.owners.map((o) => {
      const r = find.byRef(o);
      const top = r?.owners[0];
      return {
        right: !!top && o.ids.some((id) => sameOwner(id, top.id)),
        inferred: !!top,
        confidence: top?.confidence,
        miss: {
          table: r?.table ?? o.name,
          expected: o.ids.join(' | '),
          inferred: top ? top.id : r ? '-' : '(no table)',
          source: top ? [top.source, top.detail].filter(Boolean).join(': ') : undefined,
          confidence: top?.confidence,
        },
      };
    }),
  );
}
