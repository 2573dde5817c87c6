import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { mergeGrain } from '../../enrichers/merge/grain.js';
import { mergeOwners } from '../../enrichers/merge/owners.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { Warning } from '../../schemas/facts.js';

export interface TableView {
  kind: string;
  upstream: string[];
  downstream: string[];
  grain: string[] | null;
  owners: string[];
  joins: string[];
}

/** One line per join key, `col -> table.col`, so expectations read like the SQL. */
const joinLine = (k: CatalogEntry['joinKeys'][number]) => `${k.columns.join(',')} -> ${k.table}.${k.refColumns.join(',')}`;

/** A repo (path -> text) through the real analyzers and linker, summarised per table id. */
export async function analyze(files: Record<string, string>): Promise<{ tables: Record<string, TableView>; warnings: Warning[] }> {
  const python = await loadPythonParser();
  const facts = analyzeRepo(Object.entries(files).map(([path, content]) => ({ path, content })), python);
  const { entries, warnings } = linkCatalog(facts);
  const tables: Record<string, TableView> = {};
  for (const e of entries) {
    const grain = mergeGrain(e.facts, null).grain;
    tables[e.id] = {
      kind: e.kind,
      upstream: e.upstream,
      downstream: e.downstream,
      grain: grain ? grain.columns : null,
      owners: mergeOwners(e.facts.flatMap((f) => f.owners), null).owners.map((o) => o.id),
      joins: e.joinKeys.map(joinLine).sort(),
    };
  }
  return { tables, warnings };
}
