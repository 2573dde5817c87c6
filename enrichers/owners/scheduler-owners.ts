import type { OwnerFact } from '../../schemas/facts.js';
import type { DagOwners } from './dag-registry.js';
import { selectIndex, selectTables } from './dbt-select.js';
import type { OwnerTable } from './owner-table.js';
import { dagsOf } from './sibling-majority.js';

/** Who runs a table is good evidence of who owns it, not a declaration about the table: ~0.7. */
export const SCHEDULER_CONFIDENCE = 0.7;

/**
 * Owners of the DAG that runs each table: a table's metadata naming its DAG
 * (`dag:<name>` tags), or a DAG whose dbt commands select the model. DAG owners come
 * from registries and YAML DAG files (dag-registry.ts), and from Python DAGs through the
 * tables their tasks write (those carry the DAG's `default_args` owner as Airflow facts).
 * Tables that declare their own owner are skipped.
 */
export function schedulerOwners(tables: OwnerTable[], dags: DagOwners[]): Map<string, OwnerFact[]> {
  const byDag = new Map<string, OwnerFact[]>();
  const addDag = (dag: string, owners: OwnerFact[]) => {
    if (!owners.length) return;
    const list = byDag.get(dag) ?? [];
    for (const o of owners) if (!list.some((p) => p.id.toLowerCase() === o.id.toLowerCase())) list.push(o);
    byDag.set(dag, list);
  };
  for (const d of dags) addDag(d.dag, d.owners);
  // a Python DAG's default_args owner, as the analyzer attached it to the tables the DAG writes
  for (const t of tables) for (const dag of dagsOf(t)) if (!byDag.has(dag)) addDag(dag, pythonDagOwners(t));

  const out = new Map<string, OwnerFact[]>();
  const add = (id: string, dag: string, owners: OwnerFact[], how: string) => {
    const list = out.get(id) ?? [];
    for (const o of owners) {
      if (list.some((p) => p.id.toLowerCase() === o.id.toLowerCase())) continue;
      list.push({ ...o, source: 'airflow', confidence: Math.min(o.confidence, SCHEDULER_CONFIDENCE), detail: `owner of DAG ${dag}, which ${how}` });
    }
    out.set(id, list);
  };
  const undeclared = tables.filter((t) => !t.declared.length);
  for (const t of undeclared) for (const dag of dagsOf(t)) add(t.id, dag, byDag.get(dag) ?? [], 'schedules this table');
  const selecting = dags.filter((d) => d.selects.length && d.owners.length);
  if (selecting.length) {
    const index = selectIndex(tables);
    for (const d of selecting)
      for (const sel of d.selects)
        for (const id of selectTables(sel, index)) if (!index.byId.get(id)!.declared.length) add(id, d.dag, d.owners, `runs it (dbt -s ${sel})`);
  }
  return out;
}

// the DAG's default_args owner, not a task's own override
const pythonDagOwners = (t: OwnerTable): OwnerFact[] => t.scheduled.filter((o) => o.detail?.startsWith('default_args'));
