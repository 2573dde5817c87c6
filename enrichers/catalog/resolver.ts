import { normalizeName, splitName } from '../names.js';

/**
 * Resolves a table name as some file wrote it to a catalog id. Exact names and
 * declared aliases win; otherwise a unique suffix match (`orders` → `shop.orders`,
 * `ds.t` → `proj.ds.t`), because SQL is often written against a default schema.
 * Ambiguous suffixes resolve to nothing rather than to a guess. A name in the
 * warehouse's own catalog schemas (`region-us.information_schema.jobs`) is the
 * warehouse's view, never a project table that happens to share its last part.
 */
export class NameResolver {
  private exact = new Map<string, string>();
  private suffixes = new Map<string, Set<string>>();

  add(id: string, names: string[]): void {
    for (const n of [id, ...names]) {
      const norm = normalizeName(n);
      if (!norm) continue;
      if (!this.exact.has(norm) || norm === id) this.exact.set(norm, id);
      const parts = splitName(norm);
      for (let k = 1; k < parts.length; k++) {
        const key = parts.slice(-k).join('.');
        let set = this.suffixes.get(key);
        if (!set) this.suffixes.set(key, (set = new Set()));
        set.add(id);
      }
    }
  }

  has(id: string): boolean {
    return this.exact.get(id) === id;
  }

  resolve(name: string): string | undefined {
    const norm = normalizeName(name);
    const hit = this.exact.get(norm);
    if (hit) return hit;
    const parts = splitName(norm);
    if (parts.slice(0, -1).some((p) => SYSTEM_SCHEMAS.has(p))) return undefined;
    // A longer name that ends with a known name: `proj.ds.t` written where `ds.t` is defined.
    for (let k = parts.length - 1; k >= 1; k--) {
      const hitSuffix = this.exact.get(parts.slice(-k).join('.'));
      if (hitSuffix && splitName(hitSuffix).length === k) return hitSuffix;
    }
    const candidates = this.suffixes.get(norm);
    if (candidates && candidates.size === 1) return [...candidates][0];
    return undefined;
  }
}

/** Schemas where warehouses publish their own metadata views (BigQuery, Snowflake, Postgres, SQL Server, MySQL). */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'account_usage', 'organization_usage', 'sys', 'performance_schema']);
