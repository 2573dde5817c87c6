import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grainline } from '../diff/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lineage-cli-'));
const file = (name: string, sql: string) => {
  const p = join(dir, name);
  writeFileSync(p, sql);
  return p;
};

describe('grainline lineage', () => {
  const script = file(
    'job.sql',
    `CREATE TEMP TABLE tmp AS SELECT id, amount FROM "Raw"."Orders";
WITH c AS (SELECT * FROM tmp) INSERT INTO mart.totals SELECT id, amount AS total FROM c;
SELECT ??? FROM raw.broken;`,
  );

  it('answers per statement and for the script, temp tables and CTEs seen through, names as written', async () => {
    const res = await grainline(['lineage', script, '--dialect', 'postgres', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.out);
    expect(out.statements).toHaveLength(3);
    expect(out.statements[0]).toMatchObject({ writes: ['tmp'], reads: ['Raw.Orders'], error: null });
    expect(out.statements[0].columns).toContainEqual({ column: 'amount', from: [{ table: 'raw.orders', column: 'amount' }] });
    expect(out.statements[1]).toMatchObject({ writes: ['mart.totals'], reads: ['tmp'], error: null });
    expect(out.statements[2].error).toMatch(/Parse error/);
    expect(out.statements[2].reads).toEqual(['raw.broken']);
    expect(out.writes).toEqual(['mart.totals']);
    expect(out.reads).toEqual(['Raw.Orders', 'raw.broken']);
  });

  it('prints a readable summary without --json', async () => {
    const res = await grainline(['lineage', script, '--dialect', 'postgres']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('statement 2 (line 2): writes mart.totals; reads tmp');
    expect(res.out).toContain('error: ');
    expect(res.out).toMatch(/script \(postgres.*\): writes mart\.totals; reads Raw\.Orders, raw\.broken/);
  });

  it('a missing file exits 2, an unknown dialect too', async () => {
    expect((await grainline(['lineage', join(dir, 'nope.sql')])).code).toBe(2);
    expect((await grainline(['lineage', script, '--dialect', 'oracle'])).code).toBe(2);
  });
});
