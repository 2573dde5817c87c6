import { normalizeName } from '../names.js';
import type { NodeConfig } from './project.js';

/**
 * Relation names follow the catalog's convention rather than dbt's
 * generate_schema_name (which would prefix the target schema): a custom schema gives
 * `schema.alias`, a database prefixes it, and otherwise the bare alias stands.
 */
export function nodeRelation(name: string, config: NodeConfig): string {
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

/** Aliases under which other code may write the model: its dbt name and bare alias. */
export function nodeAliases(name: string, config: NodeConfig, relation: string): string[] {
  return unique([name, config.alias ?? name].map(normalizeName)).filter((a) => a !== relation);
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
