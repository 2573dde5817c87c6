/**
 * What `USE ...` means for the unqualified names after it, per dialect. The prefix is
 * put before a name without a dot (docs/sql-parsers.md):
 * - `USE x`, `USE SCHEMA x`, `USE DATABASE x` (Hive/Spark/MySQL: a database is a schema;
 *   Snowflake: x is the database, and a later `USE SCHEMA s` makes it `x.s`);
 * - `USE DEFAULT` (Hive/Spark): the default database, where unqualified names already are;
 * - `USE WAREHOUSE / ROLE / SECONDARY ROLES` choose compute or rights, not names;
 * - Snowflake, T-SQL and Trino also know the database, so `schema.table` gains it;
 * - `USE CATALOG c` leaves names alone: the schema under c is not known, and `c.t`
 *   would read as schema c.
 */
import type { Dialect } from './types.js';

export interface Namespace {
  prefix?: string;
  /** Snowflake: the prefix is a database only, so `USE SCHEMA s` goes under it */
  databaseOnly?: boolean;
  /** the database a two-part `schema.table` is in (Snowflake, T-SQL, Trino); unknown elsewhere */
  database?: string;
}

const NOT_NAMES = new Set(['warehouse', 'role', 'secondary', 'secondary roles', 'catalog']);

export function useStatement(ns: Namespace, use: { kind?: string; name: string }, dialect: Dialect): Namespace {
  const kind = use.kind?.toLowerCase();
  if (kind && NOT_NAMES.has(kind)) return ns;
  const name = use.name.replace(/["`[\]]/g, '');
  if (name.toLowerCase() === 'default' && kind !== 'schema') return {};
  if (dialect === 'snowflake') {
    if (kind === 'schema' && !name.includes('.') && ns.databaseOnly && ns.prefix) return { prefix: `${ns.prefix}.${name}`, database: ns.prefix };
    const databaseOnly = kind !== 'schema' && !name.includes('.');
    return { prefix: name, databaseOnly, database: databaseOnly ? name : name.includes('.') ? name.split('.')[0] : ns.database };
  }
  // T-SQL: USE names a database (an unqualified name stays `db.name`: its schema is the user's default)
  if (dialect === 'tsql') return { prefix: name, database: name };
  if (dialect === 'trino' && name.split('.').length === 2) return { prefix: name, database: name.split('.')[0] };
  return { prefix: name };
}

/** a name as the namespace resolves it: qualified names and locations stay as written */
export function qualify(ns: Namespace, name: string): string {
  if (isLocation(name)) return name;
  if (ns.prefix && !name.includes('.')) return `${ns.prefix}.${name}`;
  // `schema.table` under a known database; `db..t` (T-SQL) is already three parts
  return ns.database && name.split('.').length === 2 ? `${ns.database}.${name}` : name;
}

/** a file path, URL or Snowflake stage rather than a table */
export function isLocation(name: string): boolean {
  return name.startsWith('@') || name.includes('/') || name.includes(':');
}
