import type { OwnerFact } from '../../schemas/facts.js';
import type { DagOwners } from './dag-registry.js';
import { selectIndex, selectTables } from './dbt-select.js';
import type { OwnerTable } from './owner-table.js';
import { looseOwnerKey } from './same-owner.js';
import { dagsOf } from './sibling-majority.js';

/**
 * Who runs a table is good evidence of who owns it, not a declaration about the table:
 * ~0.7, scaled down when the DAG's other tables mostly declare someone else.
 */
export const SCHEDULER_CONFIDENCE = 0.7;

/**
 * Owners of the DAG that runs each table: a table's metadata naming its DAG
 * (`dag:<name>` tags), or a DAG whose dbt commands select the model. DAG owners come
 * from registries and YAML DAG files (dag-registry.ts), and from Python DAGs through the
 * tables their tasks write (those carry the DAG's `default_args` owner as Airflow facts).
 * Tables that declare their own owner are skipped. The DAG declares who runs it, not who
 * owns each table, so these are inferences (`heuristic`): a CODEOWNERS rule for the
 * table's folder still outranks them, as every declaration does.
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

  // every table -> the DAGs that run it (declared tables too: they tell how far each DAG's owner is right)
  const links = new Map<string, { dag: string; how: string }[]>();
  const link = (id: string, dag: string, how: string) => {
    const list = links.get(id) ?? [];
    if (!list.some((l) => l.dag === dag)) list.push({ dag, how });
    links.set(id, list);
  };
  for (const t of tables) for (const dag of dagsOf(t)) if (byDag.has(dag)) link(t.id, dag, 'schedules this table');
  const selecting = dags.filter((d) => d.selects.length && d.owners.length);
  const byId = new Map(tables.map((t) => [t.id, t]));
  if (selecting.length) {
    const index = selectIndex(tables);
    for (const d of selecting) for (const sel of d.selects) for (const id of selectTables(sel, index)) link(id, d.dag, `runs it (dbt -s ${sel})`);
  }
  const agreement = dagAgreement(links, byId, byDag);

  const out = new Map<string, OwnerFact[]>();
  for (const [id, dagLinks] of links) {
    if (byId.get(id)?.declared.length) continue;
    const list: OwnerFact[] = [];
    for (const { dag, how } of dagLinks) {
      const { agree, of } = agreement.get(dag) ?? { agree: 0, of: 0 };
      // no declared table in the DAG: the owner's word alone; else how often it owns the tables that say
      const confidence = round(of ? SCHEDULER_CONFIDENCE * ((agree + 1) / (of + 1)) : SCHEDULER_CONFIDENCE);
      for (const o of byDag.get(dag) ?? []) {
        if (list.some((p) => p.id.toLowerCase() === o.id.toLowerCase())) continue;
        const track = of ? `; owns ${agree} of the ${of} tables of the DAG that declare an owner` : '';
        // the DAG's track record, scaled by how strongly its definition names this id (an alert recipient less than its owner)
        const weight = Math.min(1, o.confidence / SCHEDULER_CONFIDENCE);
        list.push({ ...o, source: 'heuristic', confidence: round(confidence * weight), detail: `owner of DAG ${dag}, which ${how}${track}` });
      }
    }
    if (list.length) out.set(id, list);
  }
  return out;
}

/** Per DAG: of the tables it runs that declare owners, how many name one of the DAG's owners. */
function dagAgreement(
  links: Map<string, { dag: string }[]>,
  byId: Map<string, OwnerTable>,
  byDag: Map<string, OwnerFact[]>,
): Map<string, { agree: number; of: number }> {
  const out = new Map<string, { agree: number; of: number }>();
  for (const [id, dagLinks] of links) {
    const declared = byId.get(id)?.declared ?? [];
    if (!declared.length) continue;
    const names = new Set(declared.map((o) => looseOwnerKey(o.id)));
    for (const { dag } of dagLinks) {
      const a = out.get(dag) ?? { agree: 0, of: 0 };
      a.of++;
      if ((byDag.get(dag) ?? []).some((o) => names.has(looseOwnerKey(o.id)))) a.agree++;
      out.set(dag, a);
    }
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

// the DAG's default_args owner, not a task's own override
const pythonDagOwners = (t: OwnerTable): OwnerFact[] => t.scheduled.filter((o) => o.detail?.startsWith('default_args'));
