import type { CatalogEntry } from '../../schemas/catalog.js';
import type { OwnerFact } from '../../schemas/facts.js';
import { readPythonDbtDags, readYamlDags, type DagOwners } from './dag-registry.js';
import { groupOfTag, readDbtGroups, type GroupOwners, type TextFile } from './dbt-groups.js';
import { identityIndex, type IdentityIndex } from './git-identity.js';
import { ownerTable, type OwnerTable } from './owner-table.js';
import { schedulerOwners } from './scheduler-owners.js';
import { siblingMajorityOwners } from './sibling-majority.js';
import { viewUpstreamOwners } from './view-upstream.js';

/** Owner evidence that lives in files no table is defined by: dbt groups, DAG registries and YAML/Python DAGs. */
export interface OwnerSources {
  groups: GroupOwners;
  dags: DagOwners[];
}

/** Read while the crawl still holds the files' text; small (one entry per group or DAG). */
export function readOwnerSources(files: TextFile[]): OwnerSources {
  return { groups: readDbtGroups(files), dags: [...readYamlDags(files), ...readPythonDbtDags(files)] };
}

export interface InferredOwners {
  /** table id -> owners inferred for it, best first (declared group owners included) */
  byTable: Map<string, OwnerFact[]>;
  /** maps git authors onto the ids the repo declares */
  identities: IdentityIndex;
}

/**
 * Owners from the evidence around each table, for every table of the catalog at once:
 * - a dbt group the model names: the group's owner (declared, 0.9);
 * - the DAG that runs it (registry, YAML or Python DAG; ~0.7);
 * - the owners most of its siblings declare (same folder, DAG, dataset; <= 0.6 x share);
 * - for a view over one table, that table's owner (0.5).
 * All but the group apply only when the table declares no owner itself; the merge ranks
 * them below declarations (merge/owners.ts). Linear in the catalog.
 */
export function inferOwners(entries: CatalogEntry[], sources: OwnerSources): InferredOwners {
  const tables = entries.map(ownerTable);
  const byTable = new Map<string, OwnerFact[]>();
  const add = (m: Map<string, OwnerFact[]>) => {
    for (const [id, owners] of m) byTable.set(id, [...(byTable.get(id) ?? []), ...owners]);
  };
  add(groupOwners(tables, sources.groups));
  // a group's owner is the model's declaration: siblings and views see it as such
  for (const t of tables) {
    const g = byTable.get(t.id);
    if (g) t.declared = [...t.declared, ...g];
  }
  const byId = new Map(tables.map((t) => [t.id, t]));
  add(schedulerOwners(tables, sources.dags));
  add(siblingMajorityOwners(tables));
  add(viewUpstreamOwners(tables, byId));
  const ids = new Set<string>();
  for (const t of tables) for (const o of [...t.declared, ...t.scheduled]) ids.add(o.id);
  return { byTable, identities: identityIndex(ids) };
}

function groupOwners(tables: OwnerTable[], groups: GroupOwners): Map<string, OwnerFact[]> {
  const out = new Map<string, OwnerFact[]>();
  if (!groups.size) return out;
  for (const t of tables) {
    for (const tag of t.tags) {
      const owners = groups.get(groupOfTag(tag) ?? '');
      if (owners) out.set(t.id, [...(out.get(t.id) ?? []), ...owners]);
    }
  }
  return out;
}
