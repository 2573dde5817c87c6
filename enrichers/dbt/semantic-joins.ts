/**
 * Joins dbt semantic models declare: a `foreign` entity of one semantic model is the key
 * of the `primary` / `unique` / `natural` entity of the same name in another, which is how
 * the semantic layer joins them. An entity's column is its `expr` when that is a bare
 * column, else its name. A declaration (0.9): it outranks any inferred key.
 */
import type { FileFacts } from '../../schemas/facts.js';
import { emptyTable } from './properties-yaml.js';
import { resolveJinjaString, type NameResolver } from './resolver.js';
import { asArray, asRecord, asString, lineOf } from './yaml-located.js';

const DECLARED = 0.9;
const BARE_COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Entity {
  table: string;
  column: string;
  file: string;
  line?: number;
  semanticModel: string;
}

export const hasSemanticModels = (value: unknown): boolean => Array.isArray(asRecord(value)?.semantic_models);

/** the joins every project's semantic models declare, one FileFacts per file with a foreign entity */
export function semanticModelJoins(docs: { file: string; value: unknown }[], resolver: NameResolver): FileFacts[] {
  const keys = new Map<string, Entity[]>();
  const foreign: (Entity & { entity: string })[] = [];
  for (const d of docs) {
    for (const raw of asArray(asRecord(d.value)?.semantic_models)) {
      const sm = asRecord(raw);
      const model = asString(sm?.model);
      const table = model && resolveJinjaString(model, resolver);
      if (!sm || !table) continue;
      for (const e of asArray(sm.entities)) {
        const entity = asRecord(e);
        const name = asString(entity?.name)?.toLowerCase();
        const type = asString(entity?.type)?.toLowerCase();
        const column = asString(entity?.expr)?.trim() ?? name;
        if (!entity || !name || !type || !column || !BARE_COLUMN.test(column)) continue;
        const at: Entity = { table, column, file: d.file, line: lineOf(entity), semanticModel: asString(sm.name) ?? table };
        if (type === 'foreign') foreign.push({ ...at, entity: name });
        else if (type === 'primary' || type === 'unique' || type === 'natural') keys.set(name, [...(keys.get(name) ?? []), at]);
      }
    }
  }
  const byFile = new Map<string, FileFacts>();
  for (const f of foreign) {
    for (const k of keys.get(f.entity) ?? []) {
      if (k.table === f.table) continue;
      let facts = byFile.get(f.file);
      if (!facts) byFile.set(f.file, (facts = { file: f.file, tables: [], joins: [], warnings: [] }));
      if (!facts.tables.some((t) => t.name === f.table)) facts.tables.push(emptyTable(f.table, undefined, false));
      facts.joins.push({
        source: 'dbt-yaml',
        confidence: DECLARED,
        file: f.file,
        line: f.line,
        detail: `semantic model ${f.semanticModel}: foreign entity ${f.entity} of ${k.semanticModel}`,
        left: { table: f.table, columns: [f.column] },
        right: { table: k.table, columns: [k.column] },
      });
    }
  }
  return [...byFile.values()];
}
