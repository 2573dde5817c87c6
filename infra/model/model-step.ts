import type { CatalogEntry } from '../../schemas/catalog.js';
import type { ModelResult } from '../../schemas/model-answer.js';
import type { CatalogView } from '../../enrichers/model/catalog-view.js';
import type { ModelConfig } from '../../enrichers/model/config.js';
import { answeredResult, failedResult, noCodeResult, reusedResult } from '../../enrichers/model/result.js';
import { agenticAsk } from './model-agent.js';
import { callForTable, modelClient, requestAnswer, type Classified } from './model-call.js';
import { fingerprintOf, prepareTable } from './model-prepare.js';

export interface ModelStepInput {
  entries: CatalogEntry[];
  /** names, columns and summaries of the whole catalog, for the neighbours in each prompt */
  view: CatalogView;
  config: ModelConfig;
  /** the repo checkout the entries' file paths are relative to */
  snapshotDir: string;
  /** answers of earlier runs by table id: reused while the table's fingerprint is unchanged */
  previous: Map<string, ModelResult>;
  /** answers this step already has (an earlier attempt's): not asked again */
  done?: Map<string, ModelResult>;
  /** a lasting rate limit ends the step early (so the caller can retry later) instead of becoming warnings */
  mayEscalate: boolean;
  /** each result as it is made (the activity appends it to its partial file) */
  onResult?: (r: ModelResult) => void;
  onProgress?: (done: number, of: number) => void;
}

export interface ModelStepOutput {
  /** in entry order; a table the step stopped before has none */
  results: ModelResult[];
  requests: number;
  /** why the step stopped early, when `mayEscalate` */
  escalation?: Classified;
}

/**
 * The model step over a list of entries, with no file of its own: every table not
 * already done is reused from an earlier run (same fingerprint) or sent to the model
 * with bounded concurrency and verified; one failing table costs only itself, and
 * after `breakerAfterFailures` failures in a row the rest are skipped with a warning.
 * The nightly activity (a shard, resumable through its partial file) and `diff
 * --model` (the selected tables, in memory) both call it.
 */
export async function answerTables(input: ModelStepInput): Promise<ModelStepOutput> {
  const { entries, view, config, snapshotDir } = input;
  const done = new Map(input.done ?? []);
  const record = (r: ModelResult) => {
    input.onResult?.(r);
    done.set(r.id, r);
  };
  for (const e of entries) {
    const prev = input.previous.get(e.id);
    if (!done.has(e.id) && prev && prev.fact && prev.fingerprint === fingerprintOf(e, view, config)) record(reusedResult(prev));
  }

  const client = modelClient(config);
  const ask = config.agentic && config.api === 'chat' ? agenticAsk(snapshotDir) : requestAnswer;
  let requests = 0;
  let consecutiveFailures = 0;
  let escalation: Classified | undefined;
  const queue = entries.filter((e) => !done.has(e.id));
  const worker = async () => {
    for (let e = queue.shift(); e && !escalation; e = queue.shift()) {
      const prepared = await prepareTable(e, view, snapshotDir, config);
      const base = { entry: e, fingerprint: prepared.fingerprint };
      if (prepared.code.length === 0) {
        record(noCodeResult(e, prepared.fingerprint));
        continue;
      }
      if (consecutiveFailures >= config.breakerAfterFailures) {
        record(failedResult({ ...base, code: 'model-unavailable', message: `skipped: ${consecutiveFailures} tables in a row failed`, tokens: { input: 0, output: 0, cached: 0 }, requests: 0 }));
        continue;
      }
      const out = await callForTable(client, config, prepared.context, ask);
      requests += out.requests;
      if (out.kind === 'escalate' && input.mayEscalate) {
        // this table is not recorded: the next attempt does it again
        escalation ??= out.failure;
        break;
      }
      if (out.kind === 'answer') {
        consecutiveFailures = 0;
        record(answeredResult({ ...base, answer: out.answer, catalog: view, model: config.model, code: prepared.code, tokens: out.tokens, requests: out.requests }));
      } else {
        consecutiveFailures++;
        const [code, message] =
          out.kind === 'invalid'
            ? (['model-invalid-answer', `answer unusable after a retry: ${out.error}`] as const)
            : ([out.failure.type === 'ModelRateLimited' ? 'model-rate-limited' : 'model-failed', `${out.failure.type}: ${out.failure.message}`] as const);
        record(failedResult({ ...base, code, message, tokens: out.tokens, requests: out.requests }));
      }
      input.onProgress?.(done.size, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, config.concurrency) }, worker));
  const results = entries.map((e) => done.get(e.id)).filter((r): r is ModelResult => r !== undefined);
  return { results, requests, escalation };
}
