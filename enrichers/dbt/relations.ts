import { normalizeName } from '../names.js';
import type { NodeConfig } from './project.js';
import type { DbtNaming } from './target-naming.js';

/**
 * A model's relation as dbt names it in the warehouse, once the target is known
 * (target-naming.ts): the project's schema rule turns the custom schema into the
 * warehouse schema, the target database prefixes it unless the model sets its own.
 * Snapshots' legacy `target_schema` is used as written, as dbt does. Without a target
 * the catalog's own convention stands (catalogRelation).
 */
export function nodeRelation(name: string, config: NodeConfig, naming?: DbtNaming): string {
  const target = naming?.target;
  if (!target?.schema || naming?.rule === 'unknown' || config.targetSchema) return catalogRelation(name, config);
  const custom = config.schema?.trim();
  const schema = !custom ? target.schema : naming!.rule === 'verbatim' ? custom : `${target.schema}_${custom}`;
  const database = config.database ?? target.database;
  return normalizeName([database, schema, config.alias ?? name].filter((p): p is string => !!p).join('.'));
}

/**
 * The catalog's convention when the target is unknown, rather than dbt's
 * generate_schema_name (which would prefix the target schema): a custom schema gives
 * `schema.alias`, a database prefixes it, and otherwise the bare alias stands.
 */
export function catalogRelation(name: string, config: NodeConfig): string {
  const alias = config.alias ?? name;
  const schema = config.targetSchema ?? config.schema;
  const database = config.targetDatabase ?? config.database;
  const parts = schema ? [database, schema, alias] : [database, alias];
  return normalizeName(parts.filter((p): p is string => !!p).join('.'));
}

export interface SourceTableDecl {
  sourceName: string;
  tableName: string;
  database?: string;
  schema?: string;
  identifier?: string;
}

export function sourceRelation(decl: SourceTableDecl): string {
  const schema = decl.schema ?? decl.sourceName;
  const identifier = decl.identifier ?? decl.tableName;
  return normalizeName([decl.database, schema, identifier].filter((p): p is string => !!p).join('.'));
}

/**
 * Aliases under which other code may write the model: its dbt name, its bare alias,
 * `schema.alias` of a three-part relation, and the name the catalog gives it without a
 * target (so `show`, `search` and a diff against an older catalog still find it).
 */
export function nodeAliases(name: string, config: NodeConfig, relation: string): string[] {
  const parts = relation.split('.');
  const schemaAlias = parts.length === 3 ? parts.slice(1).join('.') : undefined;
  const names = [name, config.alias ?? name, schemaAlias, catalogRelation(name, config)].filter((n): n is string => !!n);
  return unique(names.map(normalizeName)).filter((a) => a !== relation);
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * A relation name as SQL text: each part that is not a plain identifier is quoted,
 * so `my-project.raw.orders` (BigQuery project ids have hyphens) still parses.
 * Hyphens only occur in BigQuery names, whose quote is the backtick.
 */
export function sqlRelation(name: string): string {
  const parts = name.split('.');
  // A relation has at most three parts (database.schema.table): more means the table's own
  // identifier holds dots (a source whose `identifier:` is '"clinical.diagnoses.snomed"'),
  // which only quotes keep in one piece.
  if (parts.length > 3) parts.splice(2, parts.length, `"${parts.slice(2).join('.').replace(/"/g, '""')}"`);
  return parts
    .map((p) => (/^[A-Za-z_][\w$]*$/.test(p) || /^["`[]/.test(p) ? p : p.includes('-') ? `\`${p}\`` : `"${p.replace(/"/g, '""')}"`))
    .join('.');
}
