import { describe, expect, it } from 'vitest';
import { folderTableFacts } from '../../enrichers/metadata/folder-table-facts.js';

const dir = 'sql/moz-fx-data/telemetry_derived/clients_daily_v1';
const files = [
  {
    path: `${dir}/query.sql`,
    content: `SELECT submission_date, client_id, COUNT(*) AS n
FROM \`moz-fx-data.telemetry_stable.main_v5\`
GROUP BY submission_date, client_id`,
  },
  {
    path: `${dir}/metadata.yaml`,
    content: `friendly_name: Clients Daily
description: One row per client per day
owners:
  - ana@mozilla.com
  - mozilla/data-team
labels:
  incremental: true
  schedule: daily
scheduling:
  dag_name: bqetl_main
bigquery:
  time_partitioning:
    field: submission_date
`,
  },
  {
    path: `${dir}/schema.yaml`,
    content: `fields:
  - name: client_id
    type: STRING
    description: Client identifier
  - name: env
    type: RECORD
    fields:
      - name: os
        type: STRING
`,
  },
  { path: 'sql/moz-fx-data/telemetry/clients_daily/view.sql', content: 'CREATE OR REPLACE VIEW `moz-fx-data.telemetry.clients_daily` AS SELECT * FROM `moz-fx-data.telemetry_derived.clients_daily_v1`' },
  { path: 'sql/p/d/broken_meta/metadata.yaml', content: 'owners: [a@b.com\n' },
];

const all = folderTableFacts(files);
const at = (path: string) => all.find((f) => f.file === path)!;

describe('folderTableFacts', () => {
  it('names the table from its folder and reads the query', () => {
    const t = at(`${dir}/query.sql`).tables[0];
    expect(t.name).toBe('moz-fx-data.telemetry_derived.clients_daily_v1');
    expect(t.aliases).toEqual(['telemetry_derived.clients_daily_v1']);
    expect(t.defines).toBe(true);
    expect(t.upstream.map((u) => u.name)).toEqual(['moz-fx-data.telemetry_stable.main_v5']);
    expect(t.columns.map((c) => c.name)).toEqual(['submission_date', 'client_id', 'n']);
    expect(t.grain[0].columns).toEqual(['submission_date', 'client_id']);
  });

  it('reads owners, description and labels from metadata.yaml', () => {
    const t = at(`${dir}/metadata.yaml`).tables[0];
    expect(t.defines).toBe(false);
    expect(t.owners.map((o) => [o.id, o.kind, o.source, o.confidence])).toEqual([
      ['ana@mozilla.com', 'user', 'metadata-yaml', 0.95],
      ['mozilla/data-team', 'team', 'metadata-yaml', 0.95],
    ]);
    expect(t.descriptions.map((d) => d.text)).toEqual(['One row per client per day', 'Clients Daily']);
    expect(t.tags).toEqual(['incremental', 'schedule:daily', 'dag:bqetl_main', 'partitioned_by:submission_date']);
  });

  it('flattens nested schema.yaml fields', () => {
    const cols = at(`${dir}/schema.yaml`).tables[0].columns;
    expect(cols.map((c) => [c.name, c.type])).toEqual([
      ['client_id', 'STRING'],
      ['env', 'RECORD'],
      ['env.os', 'STRING'],
    ]);
    expect(cols[0].description).toBe('Client identifier');
  });

  it('maps a view.sql target to the folder name', () => {
    const v = at('sql/moz-fx-data/telemetry/clients_daily/view.sql').tables[0];
    expect(v.name).toBe('moz-fx-data.telemetry.clients_daily');
    expect(v.kind).toBe('view');
    expect(v.upstream.map((u) => u.name)).toEqual(['moz-fx-data.telemetry_derived.clients_daily_v1']);
  });

  it('turns broken YAML into a warning with its line', () => {
    const f = at('sql/p/d/broken_meta/metadata.yaml');
    expect(f.warnings[0]).toMatchObject({ file: 'sql/p/d/broken_meta/metadata.yaml', code: 'yaml-parse' });
    expect(f.warnings[0].line).toBeGreaterThanOrEqual(1);
    expect(f.tables[0].name).toBe('p.d.broken_meta');
  });
});
