import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsTable } from '../../infra/config/settings-table.js';
import { OUTSIDE_THE_TABLE, SETTINGS } from '../../infra/config/settings.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('the one table of settings', () => {
  it('docs/configuration.md shows the table infra/config/settings.ts holds', () => {
    expect(readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8')).toContain(settingsTable());
  });

  it('no module outside infra/config reads a setting from the environment', () => {
    // reads like process.env.GRAINLINE_X, env.OPENAI_X, env['TEMPORAL_X']
    const read = /\benv(?:\.|\[['"])((?:GRAINLINE|OPENAI|TEMPORAL)_[A-Z_]+)/g;
    const outside = new Set<string>(OUTSIDE_THE_TABLE.map((o) => o.env));
    // plain JS the postinstall runs before anything is compiled: it reads this one variable itself
    const alsoReadBy: Record<string, string> = { 'infra/store/embedding-model.mjs': SETTINGS.embeddingModelDir.env };
    const stray: string[] = [];
    for (const dir of ['schemas', 'enrichers', 'infra', 'activities', 'workflows', 'reader', 'mcp', 'cli']) {
      for (const f of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
        if (!/\.(ts|mts|mjs)$/.test(f) || f.startsWith('config/')) continue;
        const text = readFileSync(join(ROOT, dir, f), 'utf8');
        const path = relative(ROOT, join(ROOT, dir, f));
        for (const [, name] of text.matchAll(read)) if (!outside.has(name) && alsoReadBy[path] !== name) stray.push(`${path}: ${name}`);
      }
    }
    expect(stray).toEqual([]);
  });

  it('names each variable once', () => {
    const envs = [...Object.values(SETTINGS).map((s) => s.env), ...OUTSIDE_THE_TABLE.map((o) => o.env)];
    expect(envs.length).toBe(new Set(envs).size);
  });
});
