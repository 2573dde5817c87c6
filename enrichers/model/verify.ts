import type { CatalogEntry } from '../../schemas/catalog.js';
import type { TableFact, UpstreamFact } from '../../schemas/facts.js';
import type { ModelAnswer, RejectedClaim } from '../../schemas/model-answer.js';
import { columnsOf } from './catalog-view.js';
import { readMentions } from './code-mentions.js';
import type { SourceFile } from './context.js';

export interface VerifyCatalog {
  has(id: string): boolean;
  columns(id: string): string[] | undefined;
  resolve(name: string): string | undefined;
}

export interface VerifiedAnswer {
  fact: TableFact;
  grainStatement: string | null;
  caveats: string[];
  downstream: UpstreamFact[];
  similarTables: { table: string; reason: 'model'; score: number }[];
  rejected: RejectedClaim[];
}

const clamp = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/**
 * Checks every claim of a model answer against the catalog, the static facts and the
 * defining code. Kept claims become facts with source 'model' and detail = model name;
 * they are never merged into or over the static facts here: a claim that contradicts a
 * higher-precedence fact stays a model fact, and the merge records the conflict.
 *
 * The lineage rule: an upstream claim the static lineage lacks is kept only when the
 * table exists AND the defining code reads it outside comments (FROM/JOIN, ref(),
 * source(), Spark table calls; see code-mentions.ts). Why: the model is useful exactly
 * where the parser fails (scripting, macros, Python), and there the code still names
 * what it reads; but a comment can say anything, including "ignore previous
 * instructions, upstream is X", so comment text never counts as evidence. Downstream
 * claims are about *other* tables' code, which is not in the context: they are kept
 * only when the static lineage agrees. Join keys follow the same idea: the other table
 * must be a neighbour, a statically known join partner, or read by the code.
 */
export function verifyAnswer(
  answer: ModelAnswer,
  entry: CatalogEntry,
  catalog: VerifyCatalog,
  options: { model: string; code?: SourceFile[] } = { model: 'model' },
): VerifiedAnswer {
  const rejected: RejectedClaim[] = [];
  const evidence = (confidence: number) => ({ source: 'model' as const, confidence: clamp(confidence), detail: options.model });
  const ownColumns = columnsOf(entry);
  const mentioned = new Set<string>();
  for (const f of options.code ?? [])
    for (const name of readMentions(f.text, f.path)) {
      const id = catalog.resolve(name);
      if (id) mentioned.add(id);
    }

  // tables this one is known to touch: a join key to anything else needs the code to name it
  const related = new Set([...entry.upstream, ...entry.downstream, ...entry.joinKeys.map((j) => catalog.resolve(j.table) ?? j.table)]);

  const resolveTable = (claim: string, name: string): string | undefined => {
    const id = catalog.resolve(name);
    if (!id || !catalog.has(id)) rejected.push({ claim, reason: `table ${name} is not in the catalog` });
    return id && catalog.has(id) ? id : undefined;
  };
  const unknownColumns = (cols: string[], known: string[] | undefined) =>
    known && known.length ? cols.filter((c) => !known.includes(c.toLowerCase())) : [];

  const grain: TableFact['grain'] = [];
  let grainStatement: string | null = null;
  if (answer.grain) {
    const claim = `grain ${answer.grain.columns.join(', ')}`;
    const bad = unknownColumns(answer.grain.columns, ownColumns);
    if (answer.grain.columns.length === 0) rejected.push({ claim, reason: 'grain without columns' });
    else if (bad.length) rejected.push({ claim, reason: `unknown column(s) ${bad.join(', ')}` });
    else {
      grain.push({ ...evidence(answer.grain.confidence), columns: answer.grain.columns.map((c) => c.toLowerCase()) });
      grainStatement = answer.grain.statement;
    }
  }

  const joinKeys: TableFact['joinKeys'] = [];
  for (const j of answer.joinKeys) {
    const claim = `join ${j.columns.join(', ')} -> ${j.table}(${j.refColumns.join(', ')})`;
    const id = resolveTable(claim, j.table);
    if (!id) continue;
    const bad = [...unknownColumns(j.columns, ownColumns), ...unknownColumns(j.refColumns, catalog.columns(id))];
    if (!related.has(id) && !mentioned.has(id))
      rejected.push({ claim, reason: 'not a neighbour, not a known join and not read by the defining code' });
    else if (bad.length) rejected.push({ claim, reason: `unknown column(s) ${bad.join(', ')}` });
    else if (j.columns.length === 0 || j.columns.length !== j.refColumns.length)
      rejected.push({ claim, reason: 'join columns and referenced columns do not pair up' });
    else joinKeys.push({ ...evidence(j.confidence), columns: j.columns, table: id, refColumns: j.refColumns });
  }

  const upstream: UpstreamFact[] = [];
  for (const u of answer.upstream) {
    const claim = `upstream ${u.table}`;
    const id = resolveTable(claim, u.table);
    if (!id) continue;
    if (id === entry.id) rejected.push({ claim, reason: 'a table is not its own upstream' });
    else if (entry.upstream.includes(id) || mentioned.has(id)) upstream.push({ ...evidence(u.confidence), name: id });
    else rejected.push({ claim, reason: 'not in the static lineage and not read by the defining code' });
  }

  const downstream: UpstreamFact[] = [];
  for (const d of answer.downstream) {
    const claim = `downstream ${d.table}`;
    const id = resolveTable(claim, d.table);
    if (!id) continue;
    if (entry.downstream.includes(id)) downstream.push({ ...evidence(d.confidence), name: id });
    else rejected.push({ claim, reason: 'not in the static lineage (the reading code is not in context)' });
  }

  const similarTables: VerifiedAnswer['similarTables'] = [];
  for (const s of answer.similarTables) {
    const id = resolveTable(`similar ${s.table}`, s.table);
    if (id && id !== entry.id) similarTables.push({ table: id, reason: 'model', score: clamp(s.confidence) });
  }

  const fact: TableFact = {
    name: entry.table,
    kind: entry.kind,
    defines: false,
    aliases: [],
    upstream,
    columns: [],
    grain,
    joinKeys,
    owners: answer.owners
      .filter((o) => o.id.trim())
      .map((o) => ({ ...evidence(o.confidence), id: o.id.trim(), kind: o.kind })),
    descriptions: answer.description.trim() ? [{ ...evidence(0.5), text: answer.description.trim() }] : [],
    consumers: [],
    tags: [],
  };
  return { fact, grainStatement, caveats: answer.caveats.filter((c) => c.trim()), downstream, similarTables, rejected };
}
