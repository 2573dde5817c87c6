import type { Annotation } from '../../schemas/annotation.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { ConsumerFact, OwnerFact, Source, TableFact, TableKind } from '../../schemas/facts.js';
import type { Conflict, SimilarTable, TableRecord, Usage } from '../../schemas/table-record.js';
import { usageJoinKeys } from '../usage/join-keys.js';
import { annotationsRecord } from './annotations-record.js';
import { mergeColumns } from './columns.js';
import { describeTable } from './describe-table.js';
import { redactDeclared } from './redact-declared.js';
import { mergeGrain } from './grain.js';
import { mergeJoinKeys } from './join-keys.js';
import { mergeOwners } from './owners.js';
import { pickWinner, sameText, type Candidate } from './rank.js';

export interface MergeExtra {
  /** git / CODEOWNERS owners, ranked or not */
  owners?: OwnerFact[];
  usage?: Usage | null;
  annotation?: Annotation | null;
  /** what the coding model said about the table */
  model?: TableFact | null;
  similar?: SimilarTable[];
}

export type MergedTable = Omit<TableRecord, 'fingerprint' | 'commit' | 'runId' | 'updatedAt' | 'description'> & {
  description: string;
  /** the winning human/declared description, before it is folded into `description` */
  summary?: string;
};

/**
 * One record per table: each field from its most trusted source (annotation > declared
 * metadata > static inference > model), its provenance, and every disagreeing lower
 * value as a conflict. Pure and deterministic.
 */
export function mergeTable(entry: CatalogEntry, extra: MergeExtra = {}): MergedTable {
  const { usage = null, model = null } = extra;
  const redacted = redactDeclared(model ? [...entry.facts, model] : entry.facts, extra.annotation ?? null, entry.files);
  const { facts, annotation } = redacted;
  const provenance: TableRecord['provenance'] = {};
  const conflicts: Conflict[] = [];

  const grain = mergeGrain(facts, annotation);
  conflicts.push(...grain.conflicts);
  if (grain.grain) provenance.grain = { source: grain.grain.source, detail: grain.grain.statement };

  const owners = mergeOwners([...(extra.owners ?? []), ...facts.flatMap((f) => f.owners)], annotation);
  conflicts.push(...owners.conflicts);
  if (owners.owners[0]) provenance.owners = { source: owners.owners[0].source, detail: owners.owners[0].id };

  const summaries: Candidate<string>[] = facts.flatMap((f) =>
    f.descriptions.map((d) => ({ value: d.text, source: d.source, confidence: d.confidence })),
  );
  if (annotation?.description) summaries.unshift({ value: annotation.description, source: 'annotation', confidence: 1 });
  const summary = pickWinner('description', summaries, sameText);
  conflicts.push(...summary.conflicts);
  if (summary.winner) provenance.description = { source: summary.winner.source };

  const kinds: Candidate<TableKind>[] = [{ value: entry.kind, source: kindSource(entry), confidence: 1 }];
  if (model?.kind) kinds.push({ value: model.kind, source: 'model', confidence: 0.5 });
  const kind = pickWinner('kind', kinds, (a, b) => a === b);
  conflicts.push(...kind.conflicts);
  provenance.kind = { source: kind.winner!.source };

  const joinKeys = mergeJoinKeys([
    ...entry.joinKeys,
    ...facts.flatMap((f) => f.joinKeys),
    ...(usage ? usageJoinKeys(usage, entry.id) : []),
  ]);
  if (joinKeys[0]) provenance.joinKeys = { source: joinKeys[0].source, detail: `${joinKeys.length} keys` };

  const columns = mergeColumns(
    facts.flatMap((f) => f.columns),
    annotation,
  );
  conflicts.push(...columns.conflicts);
  Object.assign(provenance, columns.provenance);

  const upstreamSource = facts.flatMap((f) => f.upstream)[0]?.source;
  if (upstreamSource) provenance.upstream = { source: upstreamSource };
  if (usage) provenance.usage = { source: 'usage' };
  if (annotation) provenance.annotations = { source: 'annotation', detail: annotation.file };

  const record = {
    id: entry.id,
    table: entry.table,
    kind: kind.winner!.value,
    aliases: entry.aliases,
    files: entry.files,
    upstream: entry.upstream,
    downstream: entry.downstream,
    consumers: uniqueConsumers(facts.flatMap((f) => f.consumers)),
    columns: columns.columns,
    grain: grain.grain,
    joinKeys,
    owners: owners.owners,
    usage,
    annotations: annotation ? annotationsRecord(annotation) : null,
    similarTables: extra.similar ?? entry.similar ?? [],
    provenance,
    conflicts,
    warnings: [...entry.warnings.map((w) => ({ file: w.file, line: w.line, message: `${w.code}: ${w.message}` })), ...redacted.warnings],
    tags: tagsOf(facts, annotation),
    ...(summary.winner ? { summary: summary.winner.value } : {}),
  };
  return { ...record, description: describeTable(record) };
}

/** The kind is stated by the file that defines the table; its evidence names the source. */
function kindSource(entry: CatalogEntry): Source {
  const definer = entry.facts.find((f) => f.defines && f.kind === entry.kind) ?? entry.facts.find((f) => f.defines);
  const evidence = definer && [...definer.columns, ...definer.upstream, ...definer.descriptions, ...definer.grain][0];
  return evidence?.source ?? 'heuristic';
}

function uniqueConsumers(consumers: ConsumerFact[]): ConsumerFact[] {
  const seen = new Set<string>();
  return consumers.filter((c) => {
    const key = `${c.type}\u0000${c.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tagsOf(facts: TableFact[], annotation: Annotation | null): string[] {
  const tags = new Set(facts.flatMap((f) => f.tags));
  if (annotation?.deprecated) tags.add('deprecated');
  if (annotation?.pii.length) tags.add('pii');
  return [...tags].sort();
}
