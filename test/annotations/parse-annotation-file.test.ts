import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotationFile } from '../../enrichers/annotations/parse-annotation-file.js';
import { loadAnnotations } from '../../infra/git/annotations.js';

const LIST = `tables:
  - table: analytics.orders
    owners: ["@acme/checkout", alice@acme.com]
    grain: [order_id]
    caveats:
      - Amounts exclude tax before 2023.
  - table: analytics.refunds
    owners: 5
    deprecated: "yes"
  - description: no table here
  - table: analytics.customers
    grain: one row per customer, current state only
    replaced_by: analytics.customers_v2
    colour: blue
`;

describe('parseAnnotationFile', () => {
  const { annotations, warnings } = parseAnnotationFile('annotations/core.yml', LIST);

  it('loads the valid entries of a file with invalid ones', () => {
    expect(annotations.map((a) => a.table)).toEqual(['analytics.orders', 'analytics.customers']);
    expect(annotations[0]).toMatchObject({
      file: 'annotations/core.yml',
      line: 2,
      owners: [
        { id: '@acme/checkout', kind: 'team' },
        { id: 'alice@acme.com', kind: 'user' },
      ],
      grain: { columns: ['order_id'] },
      caveats: ['Amounts exclude tax before 2023.'],
      deprecated: false,
    });
    expect(annotations[1]).toMatchObject({
      grain: { columns: [], statement: 'one row per customer, current state only' },
      replacedBy: 'analytics.customers_v2',
      deprecated: true,
    });
  });

  it('names the path, line and field of each invalid entry', () => {
    const invalid = warnings.filter((w) => w.code === 'annotation-invalid');
    expect(invalid.map((w) => [w.line, w.message.split(': ')[0], w.message.split(': ')[1]])).toEqual([
      [8, 'annotations/core.yml:8', 'tables[1].owners'],
      [9, 'annotations/core.yml:9', 'tables[1].deprecated'],
      [10, 'annotations/core.yml:10', 'tables[2].table'],
    ]);
    expect(warnings.find((w) => w.code === 'annotation-unknown-field')).toMatchObject({ line: 14 });
  });

  it('reads a single-entry file and reports broken YAML with its line', () => {
    const one = parseAnnotationFile('a.yml', 'table: orders\nowners: data-platform\n');
    expect(one.annotations[0].owners).toEqual([{ id: 'data-platform', kind: 'team' }]);
    const broken = parseAnnotationFile('b.yml', 'table: orders\ncaveats: [unclosed\n');
    expect(broken.annotations).toEqual([]);
    expect(broken.warnings[0]).toMatchObject({ file: 'b.yml', code: 'annotation-yaml' });
    expect(broken.warnings[0].line).toBeGreaterThanOrEqual(2);
  });
});

describe('loadAnnotations', () => {
  it('reads *.yml and *.yaml recursively; a missing directory is no annotations', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ann-')), 'annotations');
    mkdirSync(join(dir, 'finance'), { recursive: true });
    writeFileSync(join(dir, 'core.yml'), LIST);
    writeFileSync(join(dir, 'finance', 'ledger.yaml'), 'table: finance.ledger\n');
    writeFileSync(join(dir, 'notes.txt'), 'table: ignored\n');
    const res = await loadAnnotations(dir);
    expect(res.annotations.map((a) => [a.table, a.file])).toEqual([
      ['analytics.orders', 'annotations/core.yml'],
      ['analytics.customers', 'annotations/core.yml'],
      ['finance.ledger', 'annotations/finance/ledger.yaml'],
    ]);
    expect(res.warnings.length).toBeGreaterThan(0);
    expect(await loadAnnotations(join(dir, 'missing'))).toEqual({ annotations: [], warnings: [] });
  });
});
