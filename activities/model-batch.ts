import { createReadStream, existsSync, appendFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { chatRequestBody, parseAnswer, responsesRequestBody } from '../enrichers/model/prompt.js';
import type { ModelConfig } from '../enrichers/model/config.js';
import { answeredResult, noCodeResult, reusedResult } from '../enrichers/model/result.js';
import type { ModelResult } from '../schemas/model-answer.js';
import { answerFromBody, modelClient } from '../infra/model/model-call.js';
import { loadCatalogView, loadPrevious, readPartialResults, readShard, snapshotOf } from '../infra/model/model-io.js';
import { runPaths } from '../infra/run-folder/run-paths.js';
import { fingerprintOf, prepareTable } from '../infra/model/model-prepare.js';
import type { ModelShardInput } from './model.js';

/*
 * Batch mode, per shard: submit → (workflow sleeps and polls) → ingest into the shard's
 * partial file → the sync activity then does whatever the batch did not deliver
 * (failed, expired, invalid answers), so the fallback is the ordinary sync path.
 */

const TERMINAL_BATCH_STATUSES = ['completed', 'failed', 'expired', 'cancelled'] as const;

const endpointOf = (config: ModelConfig) => (config.api === 'responses' ? '/v1/responses' : '/v1/chat/completions');

export interface SubmittedBatch {
  shardPath: string;
  batchId: string | null;
  requests: number;
}

/**
 * Writes the shard's request file (custom_id = table id), uploads it and creates the
 * batch. Unchanged and code-less tables are settled right away in the partial file. The
 * batch id is kept next to the outputs so a retried submit does not pay twice.
 */
export async function submitModelBatch(input: ModelShardInput): Promise<SubmittedBatch> {
  const { runDir, shardPath, config } = input;
  const paths = runPaths(runDir).model;
  const statePath = paths.batchState(shardPath);
  if (existsSync(statePath)) return JSON.parse(await readFile(statePath, 'utf8')) as SubmittedBatch;
  await mkdir(paths.dir, { recursive: true });

  const entries = await readShard(shardPath);
  const view = await loadCatalogView(runDir);
  const previous = await loadPrevious(input.previousFingerprints, new Set(entries.map((e) => e.id)));
  const partial = runPaths(runDir).model.partial(shardPath);
  const settled = new Set(readPartialResults(partial).map((r) => r.id));
  const settle = (r: ModelResult) => appendFileSync(partial, JSON.stringify(r) + '\n');

  const lines: string[] = [];
  for (const e of entries) {
    if (settled.has(e.id)) continue;
    const prev = previous.get(e.id);
    if (prev?.fact && prev.fingerprint === fingerprintOf(e, view, config)) {
      settle(reusedResult(prev));
      continue;
    }
    const prepared = await prepareTable(e, view, snapshotOf(input), config);
    if (prepared.code.length === 0) {
      settle(noCodeResult(e, prepared.fingerprint));
      continue;
    }
    const body = config.api === 'responses' ? responsesRequestBody(config, prepared.context) : chatRequestBody(config, prepared.context);
    lines.push(JSON.stringify({ custom_id: e.id, method: 'POST', url: endpointOf(config), body }));
  }

  let state: SubmittedBatch = { shardPath, batchId: null, requests: 0 };
  if (lines.length) {
    const inputPath = paths.batchInput(shardPath);
    await writeFile(inputPath, lines.join('\n') + '\n');
    const client = modelClient(config);
    const file = await client.files.create({ file: createReadStream(inputPath), purpose: 'batch' });
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: endpointOf(config), completion_window: '24h' });
    state = { shardPath, batchId: batch.id, requests: lines.length };
  }
  await writeFile(statePath, JSON.stringify(state));
  return state;
}

export interface BatchPoll {
  batchId: string;
  status: string;
  terminal: boolean;
}

/** One activity polls every pending batch, so a day of polling stays small in history. */
export async function pollModelBatches(input: { config: ModelConfig; batchIds: string[] }): Promise<BatchPoll[]> {
  const client = modelClient(input.config);
  const out: BatchPoll[] = [];
  for (const batchId of input.batchIds) {
    const b = await client.batches.retrieve(batchId);
    out.push({ batchId, status: b.status, terminal: (TERMINAL_BATCH_STATUSES as readonly string[]).includes(b.status) });
  }
  return out;
}

/** A batch the workflow stopped waiting for: cancelled so that nothing is paid twice. */
export async function cancelModelBatches(input: { config: ModelConfig; batchIds: string[] }): Promise<void> {
  const client = modelClient(input.config);
  for (const id of input.batchIds) await client.batches.cancel(id);
}

export interface IngestedBatch {
  ingested: number;
  /** requests the batch did not answer usably: the sync fallback takes them */
  missing: number;
  /** error-file lines by error code (batch_expired, …) or HTTP status */
  errors: Record<string, number>;
}

/** Downloads the output (and error) file, verifies answers matched by custom_id, appends them to the partial file. */
export async function ingestModelBatch(input: ModelShardInput & { batchId: string }): Promise<IngestedBatch> {
  const { runDir, shardPath, config } = input;
  const client = modelClient(config);
  const batch = await client.batches.retrieve(input.batchId);
  const entries = new Map((await readShard(shardPath)).map((e) => [e.id, e]));
  const view = await loadCatalogView(runDir);
  const partial = runPaths(runDir).model.partial(shardPath);
  const done = new Set(readPartialResults(partial).map((r) => r.id));
  const submitted = batch.request_counts?.total ?? 0;

  let ingested = 0;
  const lines = batch.output_file_id ? (await (await client.files.content(batch.output_file_id)).text()).split('\n') : [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { custom_id: string; response: { status_code: number; body: unknown } | null };
    const entry = entries.get(row.custom_id);
    if (!entry || done.has(entry.id) || row.response?.status_code !== 200) continue;
    const raw = answerFromBody(config.api, row.response.body);
    const parsed = parseAnswer(raw.text);
    if (!parsed.ok) continue; // asked again by the sync fallback: that is its one retry
    const prepared = await prepareTable(entry, view, snapshotOf(input), config);
    const result = answeredResult({
      entry,
      fingerprint: prepared.fingerprint,
      answer: parsed.answer,
      catalog: view,
      model: config.model,
      code: prepared.code,
      tokens: raw.tokens,
      requests: 1,
      batch: true,
    });
    appendFileSync(partial, JSON.stringify(result) + '\n');
    done.add(entry.id);
    ingested++;
  }
  // the fallback takes whatever has no result; the error file only says why, for the run's log
  const errors: Record<string, number> = {};
  const errorLines = batch.error_file_id ? (await (await client.files.content(batch.error_file_id)).text()).split('\n') : [];
  for (const line of errorLines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { error: { code?: string } | null; response: { status_code?: number } | null };
    const code = row.error?.code ?? `http_${row.response?.status_code ?? 'unknown'}`;
    errors[code] = (errors[code] ?? 0) + 1;
  }
  return { ingested, missing: Math.max(0, submitted - ingested), errors };
}
