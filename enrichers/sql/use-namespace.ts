/**
 * What `USE ...` means for the unqualified names after it, per dialect. The prefix is
 * put before a name without a dot (docs/sql-parsers.md):
 * - `USE x`, `USE SCHEMA x`, `USE DATABASE x` (Hive/Spark/MySQL: a database is a schema;
 *   Snowflake: x is the database, and a later `USE SCHEMA s` makes it `x.s`);
 * - `USE DEFAULT` (Hive/Spark): the default database, where unqualified names already are;
 * - `USE WAREHOUSE / ROLE / SECONDARY ROLES` choose compute or rights, not names;
 * - `USE CATALOG c` leaves names alone: the schema under c is not known, and `c.t`
 *   would read as schema c.
 */
import type { Dialect } from './types.js';

export interface Namespace {
  prefix?: string;
  /** Snowflake: the prefix is a database only, so `USE SCHEMA s` goes under it */
  databaseOnly?: boolean;
}

const NOT_NAMES = new Set(['warehouse', 'role', 'secondary', 'secondary roles', 'catalog']);

export function useStatement(ns: Namespace, use: { kind?: string; name: string }, dialect: Dialect): Namespace {
  const kind = use.kind?.toLowerCase();
  if (kind && NOT_NAMES.has(kind)) return ns;
  const name = use.name.replace(/["`[\]]/g, '');
  if (name.toLowerCase() === 'default' && kind !== 'schema') return {};
  if (dialect === 'snowflake') {
    if (kind === 'schema' && !name.includes('.') && ns.databaseOnly && ns.prefix) return { prefix: `${ns.prefix}.${name}` };
    return { prefix: name, databaseOnly: kind !== 'schema' && !name.includes('.') };
  }
  return { prefix: name };
}

/** a name as the namespace resolves it: qualified names and locations stay as written */
export function qualify(ns: Namespace, name: string): string {
  return ns.prefix && !name.includes('.') && !isLocation(name) ? `${ns.prefix}.${name}` : name;
}

/** a file path, URL or Snowflake stage rather than a table */
export function isLocation(name: string): boolean {
  return name.startsWith('@') || name.includes('/') || name.includes(':');
}
