import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { embedderByName, embedderFromEnv } from '../../infra/store/embedder.js';
import { scriptedVector } from './scripted-openai-server.js';
import { serve } from './harness.js';

describe('scripted OpenAI server', () => {
  it('serves deterministic embeddings as floats and as base64 through the real SDK', async () => {
    const server = await serve({});
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
    const floats = await client.embeddings.create({ model: 'emb', input: ['orders', 'customers'], encoding_format: 'float' });
    const decoded = await client.embeddings.create({ model: 'emb', input: ['orders', 'customers'], dimensions: 8 });
    expect(floats.data[0].embedding).toEqual(scriptedVector('orders', 8));
    expect(decoded.data[1].embedding).toHaveLength(8);
    decoded.data[1].embedding.forEach((v, i) => expect(v).toBeCloseTo(scriptedVector('customers', 8)[i], 5));
    expect(floats.data[0].embedding).not.toEqual(floats.data[1].embedding);
    expect(JSON.parse(server.requests[1].raw).encoding_format).toBe('base64');
  });

  it('answers a 404 for unknown routes and a 500 when no script is given', async () => {
    const server = await serve({});
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
    await expect(client.models.list()).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'id: t' }] })).rejects.toMatchObject({ status: 500 });
    expect(server.modelCalls()).toBe(1);
  });

  it('is what GRAINLINE_EMBEDDING_MODEL embeds with: floats asked for, in input order, batches of 256', async () => {
    const server = await serve({});
    const env = { GRAINLINE_EMBEDDING_MODEL: 'emb', OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'k' };
    const embedder = embedderFromEnv(env);
    const texts = Array.from({ length: 300 }, (_, i) => `table_${i}`);
    const vectors = await embedder.embed(texts);
    expect(embedder.name).toBe('openai:emb');
    expect(vectors).toEqual(texts.map((t) => scriptedVector(t, 8)));
    expect(server.requests.map((r) => JSON.parse(r.raw).encoding_format)).toEqual(['float', 'float']);
    expect(embedderByName('openai:emb', env).name).toBe('openai:emb');
    expect(embedderFromEnv({}).name).not.toContain('openai');
  });
});
