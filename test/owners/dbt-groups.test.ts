import { describe, expect, it } from 'vitest';
import { readDbtGroups } from '../../enrichers/owners/dbt-groups.js';
import { inferOwners } from '../../enrichers/owners/infer-owners.js';
import { propertiesFacts } from '../../enrichers/dbt/properties-yaml.js';
import type { CatalogEntry } from '../../schemas/catalog.js';
import type { TableFact } from '../../schemas/facts.js';

const resolver = { ref: (args: string[]) => `main.${args.at(-1)}`, source: (s: string, t: string) => `${s}.${t}` } as never;

const entry = (id: string, facts: TableFact[]): CatalogEntry =>
  ({ id, table: id, kind: 'dbt model', aliases: [], files: [], facts, upstream: [], downstream: [], joinKeys: [], warnings: [], similar: [], fingerprint: '' }) as CatalogEntry;

describe('dbt groups', () => {
  it("a group's owner email is its id, declared at 0.9", () => {
    // proves: groups are read from any YAML file with a top-level groups key
    const groups = readDbtGroups([{ path: 'models/_groups.yml', content: 'groups:\n  - name: billing\n    owner:\n      name: Billing Team\n      email: billing@shop.test\n' }]);
    expect(groups.get('billing')?.[0]).toMatchObject({ id: 'billing@shop.test', source: 'dbt-yaml', confidence: 0.9 });
  });

  it('a model naming a group (top level or under config) is owned by the group, and meta.owner is still read', () => {
    // proves: group membership travels as a tag from properties YAML to the owner inference
    const props = propertiesFacts(
      'models/_models.yml',
      {
        models: [
          { name: 'invoices', group: 'billing' },
          { name: 'payments', config: { group: 'billing' } },
          { name: 'refunds', config: { meta: { owner: 'kai@shop.test' } } },
        ],
      },
      resolver,
    );
    const byName = new Map(props.tables.map((t) => [t.name, t]));
    expect(byName.get('main.refunds')?.owners.map((o) => o.id)).toEqual(['kai@shop.test']);
    const groups = readDbtGroups([{ path: 'g.yml', content: 'groups:\n  - name: billing\n    owner: {email: billing@shop.test}\n' }]);
    const inferred = inferOwners(
      props.tables.map((t) => entry(t.name, [t])),
      { groups, dags: [] },
    );
    expect(inferred.byTable.get('main.invoices')?.map((o) => o.id)).toEqual(['billing@shop.test']);
    expect(inferred.byTable.get('main.payments')?.map((o) => o.id)).toEqual(['billing@shop.test']);
  });
});
