/**
 * Data-driven table-lineage cases (input SQL -> expected writes and reads), run through
 * `grainline lineage --json`. Each file in lineage-cases/ says which public suite its
 * cases come from. A case with `gap` is a known miss: it must still fail, so fixing one
 * shows up here and the gap note is removed.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../enrichers/names.js';
import { grainline } from '../diff/run-cli.js';

interface Case {
  name: string;
  dialect: string;
  sql: string;
  writes: string[];
  reads: string[];
  gap?: string;
}

/** the peer suites' dialect names the CLI does not take, mapped to the nearest grammar (hive, databricks, mssql... are CLI aliases) */
const DIALECT: Record<string, string> = { generic: 'postgres', oracle: 'postgres', sqlite: 'postgres' };
const dir = join(import.meta.dirname, 'lineage-cases');
const tmp = mkdtempSync(join(tmpdir(), 'lineage-cases-'));
const same = (xs: string[]) => [...new Set(xs.map(normalizeName))].sort();

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const { cases } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: Case[] };
  describe(file, () => {
    for (const c of cases) {
      it(`${c.name}${c.gap ? ' (known gap)' : ''}`, async () => {
        const path = join(tmp, `${c.name}.sql`);
        writeFileSync(path, c.sql);
        const res = await grainline(['lineage', path, '--dialect', DIALECT[c.dialect] ?? c.dialect, '--json']);
        expect(res.code).toBe(0);
        const got = JSON.parse(res.out) as { writes: string[]; reads: string[] };
        const exact = JSON.stringify([same(got.writes), same(got.reads)]) === JSON.stringify([same(c.writes), same(c.reads)]);
        if (c.gap) expect(exact, 'a known gap now passes: remove its gap note').toBe(false);
        else expect({ writes: same(got.writes), reads: same(got.reads) }).toEqual({ writes: same(c.writes), reads: same(c.reads) });
      });
    }
  });
}
