import { describe, expect, it } from 'vitest';
import { dbtFileFacts } from '../../enrichers/dbt/dbt-file-facts.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { inferOwners, readOwnerSources } from '../../enrichers/owners/infer-owners.js';

// A dbt project declaring owners every way dbt allows: +meta and +group in dbt_project.yml,
// config(meta=...) in SQL, meta under config in YAML, and a group defined in its own file.
const files = [
  {
    path: 'dbt_project.yml',
    content: "name: shop\nmodels:\n  shop:\n    billing:\n      +group: billing\n    ops:\n      +meta:\n        owner: ops-team@shop.test\n",
  },
  { path: 'models/_groups.yml', content: 'groups:\n  - name: billing\n    owner:\n      name: Billing\n      email: billing@shop.test\n' },
  { path: 'models/billing/invoices.sql', content: 'select 1 as invoice_id' },
  { path: 'models/ops/shifts.sql', content: 'select 1 as shift_id' },
  { path: 'models/ops/tickets.sql', content: "{{ config(meta={'owner': 'tia@shop.test'}) }}\nselect 1 as ticket_id" },
  { path: 'models/misc/notes.sql', content: 'select 1 as note_id' },
  { path: 'models/misc/_misc.yml', content: 'version: 2\nmodels:\n  - name: notes\n    config:\n      meta:\n        owner: nia@shop.test\n' },
];

describe('dbt owner declarations', () => {
  const { entries } = linkCatalog(dbtFileFacts(files));
  const inferred = inferOwners(entries, readOwnerSources(files));
  const owners = (name: string) => {
    const e = entries.find((x) => x.id.endsWith(name))!;
    return [...new Set([...e.facts.flatMap((f) => f.owners), ...(inferred.byTable.get(e.id) ?? [])].map((o) => o.id))];
  };

  it('reads +meta owner from dbt_project.yml, config(meta=) in SQL and config.meta in YAML', () => {
    // proves: each of dbt's three places for meta.owner reaches the table's owners
    expect(owners('shifts')).toContain('ops-team@shop.test');
    expect(owners('tickets')[0]).toBe('tia@shop.test');
    expect(owners('notes')).toEqual(['nia@shop.test']);
  });

  it('a +group set on a folder in dbt_project.yml makes the group owner the model owner', () => {
    // proves: group membership from the project tree resolves against a group defined in another file
    expect(owners('invoices')).toEqual(['billing@shop.test']);
  });
});
