import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../infra/config/resolve-config.js';
import { runConfigOf, runConfigOr } from '../../infra/config/run-config.js';
import { pickEmbedder, hashingEmbedder } from '../../infra/store/embedder.js';

describe('resolveSettings', () => {
  it('takes the flag, else the environment, else temporal.config.ts, else the default', () => {
    const env = { GRAINLINE_DB: '/env/db', GRAINLINE_CRON: '0 4 * * *' };
    const file = { db: '/file/db', cron: '0 5 * * *', timezone: 'Europe/Berlin' };
    const s = resolveSettings({ flags: { db: '/flag/db' }, env, file });
    expect([s.db, s.cron, s.timezone, s.catchupWindow]).toEqual(['/flag/db', '0 4 * * *', 'Europe/Berlin', '6h']);
  });

  it('counts an environment value that does not parse as unset, but rejects one in the file', () => {
    for (const bad of ['0', '-2', '1.5', 'lots', '', '  ']) {
      expect(resolveSettings({ env: { GRAINLINE_ENRICH_HEAP_MB: bad }, file: {} }).enrichHeapMb).toBe(384);
    }
    expect(resolveSettings({ env: {}, file: { enrichHeapMb: 512 } }).enrichHeapMb).toBe(512);
    expect(() => resolveSettings({ env: {}, file: { enrichHeapMb: -1 } })).toThrow(/enrichHeapMb/);
  });
});

describe('the run config', () => {
  it('carries the limits and the embedder choice the command resolved', () => {
    const run = runConfigOf(resolveSettings({ env: { GRAINLINE_SQL_MAX_BYTES: '100', GRAINLINE_EMBEDDING_MODEL: 'hashing' }, file: {} }));
    expect(run.limits.sqlBytes).toBe(100);
    expect(run.limits.yamlDepth).toBe(64);
    expect(run.embedding).toEqual({ model: 'hashing', semanticMaxTables: 20_000 });
  });

  it('decides the embedder over a worker environment that says otherwise', () => {
    // this worker would pick the hashing embedder on its own; the run asks for an OpenAI-compatible model
    const worker = { GRAINLINE_EMBEDDING_MODEL: 'hashing' };
    const run = runConfigOf(resolveSettings({ env: { GRAINLINE_EMBEDDING_MODEL: 'nomic-embed-text' }, file: {} }));
    expect(pickEmbedder(runConfigOr(run, worker).embedding, 10, worker)).toBe('openai:nomic-embed-text');
    expect(pickEmbedder(runConfigOr(undefined, worker).embedding, 10, worker)).toBe(hashingEmbedder.name);
  });
});
