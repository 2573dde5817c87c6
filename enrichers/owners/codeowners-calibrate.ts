import type { CatalogEntry } from '../../schemas/catalog.js';
import type { OwnerFact } from '../../schemas/facts.js';
import { CODEOWNERS_CONFIDENCE } from './codeowners.js';
import { ownerTable } from './owner-table.js';
import { sameOwnerLoosely } from './same-owner.js';

/** One table: the CODEOWNERS owners of its files, and the owners its own definition declares. */
export interface CodeownersTable {
  id: string;
  codeowners: OwnerFact[];
  /** table-level declarations (metadata, dbt meta or group, DDL), see owner-table.ts */
  declared: OwnerFact[];
}

/** Fewer covered tables that declare an owner than this, and a rule's word stands. */
const MIN_EVIDENCE = 3;

/**
 * A CODEOWNERS rule says who reviews a path. Where the tables under it also declare
 * their owners, those declarations tell what the rule means in this repo: when the rule
 * names one of them on most tables, it names owners and stays declared; when most
 * covered tables declare someone the rule does not name (a team reviewing everybody's
 * tables), it names reviewers, and for the tables that declare nothing it becomes an
 * inference ranked by how often it was right, (agree + 1) / (declaring + 2) x 0.9, so the
 * owners the neighbouring tables declare outrank it. Linear in the tables.
 */
export function calibrateCodeowners(tables: CodeownersTable[]): Map<string, OwnerFact[]> {
  const track = new Map<string, { agree: number; of: number }>();
  for (const t of tables) {
    if (!t.declared.length) continue;
    for (const [rule, owners] of byRule(t.codeowners)) {
      const r = track.get(rule) ?? { agree: 0, of: 0 };
      r.of++;
      if (owners.some((o) => t.declared.some((d) => sameOwnerLoosely(o.id, d.id)))) r.agree++;
      track.set(rule, r);
    }
  }
  const out = new Map<string, OwnerFact[]>();
  for (const t of tables) {
    out.set(
      t.id,
      t.codeowners.map((o) => {
        const r = track.get(ruleOf(o));
        if (o.source !== 'codeowners' || !r || r.of < MIN_EVIDENCE || r.agree * 2 > r.of) return o;
        const confidence = Math.round(CODEOWNERS_CONFIDENCE * ((r.agree + 1) / (r.of + 2)) * 1000) / 1000;
        const detail = `${o.detail ?? 'CODEOWNERS'}; names the owner of ${r.agree} of the ${r.of} tables under it that declare one (reviewers, not owners)`;
        return { ...o, source: 'heuristic' as const, confidence, detail };
      }),
    );
  }
  return out;
}

/** Every table's CODEOWNERS owners (`of` a path), calibrated against the catalog's declarations. */
export function codeownersByTable(entries: CatalogEntry[], of: (path: string) => OwnerFact[]): Map<string, OwnerFact[]> {
  return calibrateCodeowners(entries.map((e) => ({ id: e.id, codeowners: e.files.flatMap(of), declared: ownerTable(e).declared })));
}

const ruleOf = (o: OwnerFact) => `${o.file ?? ''}:${o.line ?? 0}`;

function byRule(owners: OwnerFact[]): Map<string, OwnerFact[]> {
  const out = new Map<string, OwnerFact[]>();
  for (const o of owners) if (o.source === 'codeowners') out.set(ruleOf(o), [...(out.get(ruleOf(o)) ?? []), o]);
  return out;
}
