import { describe, expect, it } from 'vitest';
import { schedulerOwners } from '../../enrichers/owners/scheduler-owners.js';
import { readYamlDags, type DagOwners } from '../../enrichers/owners/dag-registry.js';
import type { OwnerFact } from '../../schemas/facts.js';
import { declared, table } from './owner-fixtures.js';

const dagOwner = (id: string, detail = 'DAG d default_args.owner'): OwnerFact => ({ id, kind: 'user', source: 'airflow', confidence: 0.7, file: 'dags.yaml', detail });
const dag = (name: string, owner: string, selects: string[] = []): DagOwners => ({ dag: name, owners: [dagOwner(owner)], selects, file: 'dags.yaml' });

describe('schedulerOwners', () => {
  it('a table whose metadata names its DAG gets the DAG owner at 0.7', () => {
    // proves: `dag:<name>` tags (metadata scheduling) resolve through the registry
    const out = schedulerOwners([table('p.d.t', { tags: ['dag:nightly_orders'] })], [dag('nightly_orders', 'lena@shop.test')]);
    expect(out.get('p.d.t')?.[0]).toMatchObject({ id: 'lena@shop.test', source: 'heuristic', confidence: 0.7 });
    expect(out.get('p.d.t')?.[0].detail).toContain('nightly_orders');
  });

  it('dbt models a DAG selects (by name, tag, and descendants with +) get its owner; declared models do not', () => {
    // proves: selector resolution over names, tags and the downstream graph, and that declarations win
    const ts = [
      table('main.stg_loans', { kind: 'dbt model', files: ['models/stg_loans.sql'], downstream: ['main.fct_loans'] }),
      table('main.fct_loans', { kind: 'dbt model', files: ['models/fct_loans.sql'], upstream: ['main.stg_loans'] }),
      table('main.raw_rates', { kind: 'dbt model', files: ['models/raw_rates.sql'], tags: ['rates'] }),
      table('main.owned', { kind: 'dbt model', files: ['models/owned.sql'], tags: ['rates'], declared: [declared('x@shop.test', 'dbt-yaml')] }),
      table('main.other', { kind: 'dbt model', files: ['models/other.sql'] }),
    ];
    const out = schedulerOwners(ts, [dag('loans', 'priya@shop.test', ['stg_loans+', 'tag:rates'])]);
    expect([...out.keys()].sort()).toEqual(['main.fct_loans', 'main.raw_rates', 'main.stg_loans']);
  });

  it("a Python DAG's default_args owner, seen on the tables it writes, reaches tables tagged with that DAG", () => {
    // proves: DAG owners learnt from Airflow facts apply to tables that only name the DAG
    const ts = [
      table('p.d.written', { tags: ['airflow:dag=etl'], scheduled: [dagOwner('omar@shop.test', 'default_args.owner')] }),
      table('p.d.named', { tags: ['dag:etl'] }),
    ];
    expect(schedulerOwners(ts, []).get('p.d.named')?.[0].id).toBe('omar@shop.test');
  });
});

describe('schedulerOwners calibration', () => {
  it("a DAG whose declared tables are owned by others lends its owner less weight than a sibling majority", () => {
    // proves: 0 of 3 declared tables agree with the DAG owner -> 0.7 x 1/4 = 0.175
    const ts = [
      table('p.d.a', { tags: ['dag:shared'], declared: [declared('kim@shop.test')] }),
      table('p.d.b', { tags: ['dag:shared'], declared: [declared('kim@shop.test')] }),
      table('p.d.c', { tags: ['dag:shared'], declared: [declared('lee@shop.test')] }),
      table('p.d.orphan', { tags: ['dag:shared'] }),
    ];
    const [owner] = schedulerOwners(ts, [dag('shared', 'ops@shop.test')]).get('p.d.orphan')!;
    expect(owner.confidence).toBe(0.175);
    expect(owner.detail).toContain('owns 0 of the 3');
  });

  it("a registry DAG's owner outranks the other addresses it sends alerts to", () => {
    // proves: email recipients (ana, sorted first) rank below the DAG's owner (zed) at half weight
    const registry = 'bqetl_search:\n  default_args:\n    owner: zed@shop.test\n    email:\n    - ana@shop.test\n    - zed@shop.test\n';
    const out = schedulerOwners([table('p.d.t', { tags: ['dag:bqetl_search'] })], readYamlDags([{ path: 'dags.yaml', content: registry }]));
    expect(out.get('p.d.t')?.map((o) => [o.id, o.confidence])).toEqual([
      ['zed@shop.test', 0.7],
      ['ana@shop.test', 0.35],
    ]);
  });
});
