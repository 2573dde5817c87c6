import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering of docs/architecture.md, checked on every import: a lower layer never
 * imports a higher one. Imports are read by TypeScript's own pre-processor.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const LAYERS = ['schemas', 'enrichers', 'infra', 'activities', 'workflows', 'reader', 'mcp', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

/**
 * What each layer may import (besides itself and packages):
 * cli -> reader/workflows -> activities -> infra -> enrichers -> schemas.
 * reader/ and cli/ reach storage, git and errors through infra/, never through the
 * activities the worker registers; only the in-process runner and the worker (cli)
 * and the workflows' activity proxies (workflows) name activities.
 */
const ALLOWED: Record<Layer, Layer[]> = {
  schemas: [],
  enrichers: ['schemas'],
  infra: ['schemas', 'enrichers'],
  activities: ['schemas', 'enrichers', 'infra'],
  // only infra modules that import nothing (run-paths.ts): workflow code is deterministic and bundled
  workflows: ['schemas', 'enrichers', 'infra'],
  reader: ['schemas', 'enrichers', 'infra'],
  mcp: ['schemas', 'enrichers', 'infra', 'reader'],
  cli: ['schemas', 'enrichers', 'infra', 'activities', 'workflows', 'reader', 'mcp'],
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|mts|mjs)$/.test(d.name) && !d.name.endsWith('.d.ts'))
    .map((d) => join(d.parentPath, d.name));
}

function layerOf(file: string): Layer | undefined {
  const top = relative(ROOT, file).split('/')[0];
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : undefined;
}

/** `import type` carries no code into the importing module (nor into the workflow bundle) */
function typeOnly(text: string, fileName: string): boolean {
  const line = text.split('\n').find((l) => l.includes(fileName)) ?? '';
  return /^\s*(import|export) type\b/.test(line);
}

describe('layering', () => {
  it('no module imports a layer above its own, not even for a type (workflows\' activity proxies aside)', () => {
    const broken: string[] = [];
    for (const layer of LAYERS) {
      for (const file of sources(layer)) {
        const text = readFileSync(file, 'utf8');
        const info = ts.preProcessFile(text, true, true);
        for (const imp of info.importedFiles) {
          if (!imp.fileName.startsWith('.')) continue;
          const target = layerOf(resolve(dirname(file), imp.fileName));
          if (!target || target === layer || ALLOWED[layer].includes(target)) continue;
          // workflows name activities as types only, for their proxies: activity code must stay out of the
          // deterministic workflow bundle. Elsewhere a type-only import counts too: it ties a lower
          // layer to the shape of a higher one's data.
          if (layer === 'workflows' && target === 'activities' && typeOnly(text, imp.fileName)) continue;
          broken.push(`${relative(ROOT, file)} imports ${imp.fileName} (${layer} -> ${target})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('shipped code imports nothing from the dev folders (scripts/, test/), only the fixture generator and temporal.config', () => {
    // `grainline fixture` and eval's declarations ship the generator; temporal.config.ts is the user's settings file
    const shipped = new Set(['fixture', 'temporal.config.js', 'temporal.config.ts']);
    const outside: string[] = [];
    for (const layer of LAYERS) {
      for (const file of sources(layer)) {
        for (const imp of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
          if (!imp.fileName.startsWith('.')) continue;
          const top = relative(ROOT, resolve(dirname(file), imp.fileName)).split('/')[0];
          if (!layerOf(resolve(dirname(file), imp.fileName)) && !shipped.has(top)) outside.push(`${relative(ROOT, file)} imports ${imp.fileName}`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it('cli reaches activities only as the worker registers them (activities/index.ts)', () => {
    const index = join(ROOT, 'activities', 'index.ts');
    const around: string[] = [];
    for (const file of sources('cli')) {
      for (const imp of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
        const target = resolve(dirname(file), imp.fileName).replace(/\.js$/, '.ts');
        if (imp.fileName.startsWith('.') && layerOf(target) === 'activities' && target !== index) around.push(`${relative(ROOT, file)} imports ${imp.fileName}`);
      }
    }
    expect(around).toEqual([]);
  });

  it('workflows import from infra only modules that import nothing themselves', () => {
    const impure: string[] = [];
    for (const file of sources('workflows')) {
      const text = readFileSync(file, 'utf8');
      for (const imp of ts.preProcessFile(text, true, true).importedFiles) {
        const target = resolve(dirname(file), imp.fileName).replace(/\.js$/, '.ts');
        if (!imp.fileName.startsWith('.') || layerOf(target) !== 'infra' || typeOnly(text, imp.fileName)) continue;
        const own = ts.preProcessFile(readFileSync(target, 'utf8'), true, true).importedFiles;
        if (own.length) impure.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}, which imports ${own.map((i) => i.fileName).join(', ')}`);
      }
    }
    expect(impure).toEqual([]);
  });
});
