import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { SimilarTable } from '../../schemas/table-record.js';
import { tierOf, type FileFacts, type JoinEdge, type JoinKeyFact, type TableFact, type TableKind, type Warning } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { inferForeignKeys } from './foreign-keys.js';
import { propagateGrain } from './grain-propagation.js';
import { NameResolver } from './resolver.js';

/** Which kind wins when several files define one table: the most specific builder. */
const KIND_RANK: TableKind[] = [
  'dbt model', 'dbt ephemeral model', 'dbt snapshot', 'dbt seed', 'dbt source', 'view', 'sql job', 'spark', 'airflow', 'ddl', 'external',
];

/** Bump when enrichment logic changes, so incremental runs redo every table. */
export const ENRICHER_VERSION = '1';

export interface LinkResult {
  entries: CatalogEntry[];
  resolver: NameResolver;
  warnings: Warning[];
}

/**
 * Links every file's facts into one catalog: tables are the names some file defines;
 * facts that only describe a table attach to it by name or alias; upstream names are
 * resolved to ids (unknown names stay as written: raw tables outside the repo);
 * downstream is the inverse; joins are recorded on both sides. Warnings from reading
 * the files (non-UTF-8 text) join the analyzers' on the tables of the files they name.
 */
export function linkCatalog(files: FileFacts[], readWarnings: Warning[] = []): LinkResult {
  const warnings: Warning[] = [...readWarnings, ...files.flatMap((f) => f.warnings)];
  const groups = new Map<string, { facts: TableFact[]; files: Set<string> }>();
  const describing: { fact: TableFact; file: string }[] = [];
  for (const ff of files) {
    for (const fact of ff.tables) {
      if (!fact.defines) {
        describing.push({ fact, file: ff.file });
        continue;
      }
      const id = normalizeName(fact.name);
      if (!id) continue;
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { facts: [], files: new Set() }));
      g.facts.push(fact);
      g.files.add(ff.file);
    }
  }

  const resolver = new NameResolver();
  for (const [id, g] of groups) resolver.add(id, g.facts.flatMap((f) => f.aliases));

  for (const { fact, file } of describing) {
    const id = resolver.resolve(fact.name) ?? fact.aliases.map((a) => resolver.resolve(a)).find(Boolean);
    if (!id) continue; // yaml describing a table this repo doesn't build: nothing to attach to
    const g = groups.get(id)!;
    g.facts.push(fact);
    g.files.add(file);
  }

  const upstreamOf = new Map<string, Set<string>>();
  for (const [id, g] of groups) {
    const ups = new Set<string>();
    for (const f of g.facts) {
      for (const u of f.upstream) {
        const uid = resolver.resolve(u.name) ?? normalizeName(u.name);
        u.name = uid;
        if (uid && uid !== id) ups.add(uid);
      }
    }
    upstreamOf.set(id, ups);
  }
  const downstreamOf = new Map<string, Set<string>>();
  for (const [id, ups] of upstreamOf) {
    for (const u of ups) {
      if (!groups.has(u)) continue;
      let s = downstreamOf.get(u);
      if (!s) downstreamOf.set(u, (s = new Set()));
      s.add(id);
    }
  }

  const joinKeysOf = linkJoins(files, groups, resolver);

  const entries: CatalogEntry[] = [];
  for (const [id, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const defining = g.facts.filter((f) => f.defines);
    const kinds = defining.map((f) => f.kind).filter((k): k is TableKind => !!k);
    const kind = KIND_RANK.find((k) => kinds.includes(k)) ?? 'sql job';
    const files = [...g.files].sort();
    const aliases = [...new Set(g.facts.flatMap((f) => f.aliases).map(normalizeName))].filter((a) => a && a !== id).sort();
    const entry: CatalogEntry = {
      id,
      table: displayName(defining, id),
      kind,
      aliases,
      files,
      facts: g.facts,
      upstream: [...(upstreamOf.get(id) ?? [])].sort(),
      downstream: [...(downstreamOf.get(id) ?? [])].sort(),
      joinKeys: joinKeysOf.get(id) ?? [],
      warnings: warnings.filter((w) => g.files.has(w.file)),
      similar: [],
      // set by the crawl with `entryLine`, once owners are known
      fingerprint: '',
    };
    entries.push(entry);
  }
  return { entries: inferForeignKeys(propagateGrain(entries, resolver), resolver), resolver, warnings };
}

/** The defining file's spelling, lower-cased like the id, so exports read naturally. */
function displayName(defining: TableFact[], id: string): string {
  const names = defining.map((f) => f.name).filter((n) => normalizeName(n) === id);
  return names.length ? normalizeName(names[0]) : id;
}

function linkJoins(
  files: FileFacts[],
  groups: Map<string, unknown>,
  resolver: NameResolver,
): Map<string, JoinKeyFact[]> {
  const out = new Map<string, Map<string, JoinKeyFact>>();
  const record = (table: string, fact: JoinKeyFact) => {
    if (!groups.has(table)) return;
    const key = `${fact.columns.join(',')}|${fact.table}|${fact.refColumns.join(',')}`;
    let m = out.get(table);
    if (!m) out.set(table, (m = new Map()));
    const prev = m.get(key);
    if (!prev || prev.confidence < fact.confidence) m.set(key, fact);
  };
  const addEdge = (edge: JoinEdge) => {
    const l = resolver.resolve(edge.left.table) ?? normalizeName(edge.left.table);
    const r = resolver.resolve(edge.right.table) ?? normalizeName(edge.right.table);
    if (!l || !r || l === r || edge.left.columns.length !== edge.right.columns.length) return;
    const { left: _l, right: _r, ...evidence } = edge;
    // a declared edge (relationships test, FOREIGN KEY) points from left to right; a join in
    // code has no direction until grain is known (foreign-keys.ts classifies it)
    const declared = tierOf(edge.source) === 'declared' || tierOf(edge.source) === 'annotation';
    record(l, { ...evidence, columns: edge.left.columns, table: r, refColumns: edge.right.columns, relation: declared ? 'references' : 'joined' });
    record(r, { ...evidence, columns: edge.right.columns, table: l, refColumns: edge.left.columns, relation: declared ? 'referenced by' : 'joined' });
  };
  for (const ff of files) {
    for (const edge of ff.joins) addEdge(edge);
    for (const t of ff.tables) {
      for (const jk of t.joinKeys) {
        const { columns, table, refColumns, ...evidence } = jk;
        addEdge({ ...evidence, left: { table: t.name, columns }, right: { table, columns: refColumns } });
      }
    }
  }
  return new Map([...out].map(([k, m]) => [k, [...m.values()]]));
}

/**
 * A catalog entry's JSON line and its fingerprint, with each fact serialised once.
 * The fingerprint hashes everything that feeds the table's enrichment as linked: its
 * facts (which carry its files' contents), neighbours, joins, the defining files'
 * blob hashes, the enricher version and `ownerKey` (owner identities; their git
 * scores drift with time). Usage, annotations and model settings are folded in
 * later. The line also carries what the crawl adds after linking: owner facts and
 * similar tables.
 */
export function entryLine(
  entry: CatalogEntry,
  added: { facts: TableFact[]; similar: SimilarTable[] },
  fileHashes: Map<string, string>,
  ownerKey: string,
): { line: string; fingerprint: string } {
  const { facts, similar: _similar, fingerprint: _fingerprint, ...head } = entry;
  const headJson = JSON.stringify(head);
  const factsJson = facts.map((f) => JSON.stringify(f));
  const h = createHash('sha256').update(ENRICHER_VERSION).update(ownerKey).update(headJson).update(factsJson.join(','));
  for (const f of entry.files) h.update(`${f}:${fileHashes.get(f) ?? ''}`);
  const fingerprint = h.digest('hex').slice(0, 32);
  const allFacts = [...factsJson, ...added.facts.map((f) => JSON.stringify(f))].join(',');
  const line = `${headJson.slice(0, -1)},"facts":[${allFacts}],"similar":${JSON.stringify(added.similar)},"fingerprint":"${fingerprint}"}`;
  return { line, fingerprint };
}
