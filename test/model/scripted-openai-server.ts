import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An OpenAI-compatible HTTP server whose answers a test scripts per request, so the
 * real SDK is exercised over real HTTP (retries, timeouts, headers, multipart uploads).
 * It records every request body, so a test can assert what never reached it.
 */

export interface ScriptedRequest {
  path: string;
  body: any;
  /** the user message text (chat) or input text (responses) */
  prompt: string;
  /** the table id the prompt is about (from its `id:` line), '' if none */
  table: string;
  /** 1-based count of model requests so far for this table */
  attempt: number;
  /** true when the request comes from a batch input file, not over HTTP */
  batch: boolean;
}

export type ScriptedReply =
  | { answer: unknown; cachedTokens?: number }
  | { content: string }
  /** Chat Completions only: the model asks for tools instead of answering */
  | { toolCalls: { name: string; arguments: unknown }[] }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { hang: true };

export interface BatchScript {
  /** retrieve calls before the batch reaches its outcome (validating → in_progress → …) */
  pollsUntilDone?: number;
  outcome?: 'completed' | 'expired' | 'failed';
  /** for 'expired': which requests finished before expiry */
  finished?: (customId: string) => boolean;
}

export interface Script {
  model?: (req: ScriptedRequest) => ScriptedReply;
  batch?: BatchScript;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  at: number;
}

export interface ScriptedServer {
  /** base URL for the SDK, ending in /v1 */
  baseURL: string;
  requests: RecordedRequest[];
  /** HTTP model calls (chat + responses), not counting batch lines */
  modelCalls(): number;
  /** everything the server received, request bodies and uploaded files */
  received(): string;
  close(): Promise<void>;
}

interface BatchState {
  object: 'batch';
  id: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: string;
  created_at: number;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  polls: number;
}

const now = () => Math.floor(Date.now() / 1000);
const tokensOf = (text: string) => Math.ceil(text.length / 4);

export function tableOf(prompt: string): string {
  return /^id: (.+)$/m.exec(prompt)?.[1]?.trim() ?? '';
}

/** Deterministic unit-ish vector from the text: same text, same vector. */
export function scriptedVector(text: string, dims: number): number[] {
  const out: number[] = [];
  for (let i = 0; out.length < dims; i++) {
    const h = createHash('sha256').update(`${i}:${text}`).digest();
    for (let k = 0; k + 4 <= h.length && out.length < dims; k += 4) out.push(h.readInt32LE(k) / 2 ** 31);
  }
  return out;
}

function promptOf(path: string, body: any): string {
  if (path.endsWith('/responses')) return typeof body.input === 'string' ? body.input : JSON.stringify(body.input);
  const user = (body.messages ?? []).filter((m: any) => m.role === 'user');
  return user.map((m: any) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
}

function toolCallBody(model: string, prompt: string, calls: { name: string; arguments: unknown }[]) {
  const tool_calls = calls.map((c, i) => ({
    id: `call_${i}_${Math.random().toString(36).slice(2)}`,
    type: 'function',
    function: { name: c.name, arguments: JSON.stringify(c.arguments) },
  }));
  const input = tokensOf(prompt) + 100;
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: now(),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null, tool_calls }, finish_reason: 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: input, completion_tokens: 20, total_tokens: input + 20, prompt_tokens_details: { cached_tokens: 0 } },
  };
}

function completionBody(path: string, model: string, prompt: string, content: string, cached: number) {
  const input = tokensOf(prompt) + 100;
  const output = tokensOf(content);
  if (path.endsWith('/responses'))
    return {
      id: `resp_${Math.random().toString(36).slice(2)}`,
      object: 'response',
      created_at: now(),
      status: 'completed',
      model,
      output: [
        {
          type: 'message',
          id: `msg_${Math.random().toString(36).slice(2)}`,
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: content, annotations: [] }],
        },
      ],
      usage: {
        input_tokens: input,
        output_tokens: output,
        total_tokens: input + output,
        input_tokens_details: { cached_tokens: cached },
        output_tokens_details: { reasoning_tokens: 0 },
      },
    };
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: now(),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: input,
      completion_tokens: output,
      total_tokens: input + output,
      prompt_tokens_details: { cached_tokens: cached },
    },
  };
}

/** multipart/form-data → fields and the uploaded file's text (enough for files.create) */
function parseMultipart(raw: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const sep = `--${boundary?.[1] ?? boundary?.[2]}`;
  const fields: Record<string, string> = {};
  for (const part of raw.toString('utf8').split(sep)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]+)"/.exec(part.slice(0, headerEnd))?.[1];
    if (name) fields[name] = part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return fields;
}

export async function startScriptedServer(script: Script = {}): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const files = new Map<string, { filename: string; purpose: string; content: string }>();
  const batches = new Map<string, BatchState>();
  const attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let seq = 0;
  let modelCalls = 0;

  const reply = (path: string, body: any, batch: boolean): ScriptedReply => {
    const prompt = promptOf(path, body);
    const table = tableOf(prompt);
    const attempt = (attempts.get(table) ?? 0) + 1;
    attempts.set(table, attempt);
    const fallback: ScriptedReply = { status: 500, body: { error: { message: 'no script' } } };
    return script.model ? script.model({ path, body, prompt, table, attempt, batch }) : fallback;
  };

  const addFile = (filename: string, purpose: string, content: string) => {
    const id = `file-${++seq}`;
    files.set(id, { filename, purpose, content });
    return { id, object: 'file', bytes: Buffer.byteLength(content), created_at: now(), filename, purpose, status: 'processed' };
  };

  const finishBatch = (b: BatchState) => {
    const outcome = script.batch?.outcome ?? 'completed';
    if (outcome === 'failed') {
      b.status = 'failed';
      return;
    }
    const lines = (files.get(b.input_file_id)?.content ?? '').split('\n').filter((l) => l.trim());
    const out: string[] = [];
    const err: string[] = [];
    for (const line of lines) {
      const req = JSON.parse(line);
      const done = outcome === 'completed' || (script.batch?.finished?.(req.custom_id) ?? false);
      if (!done) {
        err.push(JSON.stringify({ id: `br_${++seq}`, custom_id: req.custom_id, response: null, error: { code: 'batch_expired', message: 'expired' } }));
        continue;
      }
      const r = reply(b.endpoint, req.body, true);
      if (!('answer' in r || 'content' in r)) {
        const status = 'status' in r ? r.status : 504;
        err.push(JSON.stringify({ id: `br_${++seq}`, custom_id: req.custom_id, response: { status_code: status, request_id: `req_${seq}`, body: { error: { message: 'scripted failure' } } }, error: null }));
        continue;
      }
      const content = 'answer' in r ? JSON.stringify(r.answer) : r.content;
      const cached = 'answer' in r ? (r.cachedTokens ?? 0) : 0;
      out.push(JSON.stringify({ id: `br_${++seq}`, custom_id: req.custom_id, response: { status_code: 200, request_id: `req_${seq}`, body: completionBody(b.endpoint, req.body.model, promptOf(b.endpoint, req.body), content, cached) }, error: null }));
    }
    b.status = outcome;
    b.request_counts = { total: lines.length, completed: out.length, failed: err.length };
    if (out.length) b.output_file_id = addFile(`${b.id}_output.jsonl`, 'batch_output', out.join('\n') + '\n').id;
    if (err.length) b.error_file_id = addFile(`${b.id}_error.jsonl`, 'batch_output', err.join('\n') + '\n').id;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    const text = raw.toString('utf8');
    requests.push({ method: req.method ?? '', path, headers: req.headers, raw: text, at: Date.now() });
    const json = () => (text ? JSON.parse(text) : {});

    if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/responses')) {
      modelCalls++;
      const body = json();
      const r = reply(path, body, false);
      if ('hang' in r) return; // the client's timeout must fire
      if ('status' in r) return send(res, r.status, r.body ?? { error: { message: 'scripted error' } }, r.headers);
      if ('toolCalls' in r) return send(res, 200, toolCallBody(body.model, promptOf(path, body), r.toolCalls));
      const content = 'answer' in r ? JSON.stringify(r.answer) : r.content;
      const cached = 'answer' in r ? (r.cachedTokens ?? 0) : 0;
      return send(res, 200, completionBody(path, body.model, promptOf(path, body), content, cached));
    }
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const body = json();
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const dims = body.dimensions ?? 8;
      const data = inputs.map((t, index) => {
        const v = scriptedVector(String(t), dims);
        const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
        return { object: 'embedding', index, embedding };
      });
      const tokens = inputs.reduce((n, t) => n + tokensOf(String(t)), 0);
      return send(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
    }
    if (req.method === 'POST' && path === '/v1/files') {
      const fields = parseMultipart(raw, String(req.headers['content-type'] ?? ''));
      return send(res, 200, addFile('upload.jsonl', fields.purpose ?? '', fields.file ?? ''));
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === 'GET' && content) {
      const f = files.get(content[1]);
      if (!f) return send(res, 404, { error: { message: 'no such file' } });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(f.content);
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const body = json();
      if (!files.has(body.input_file_id)) return send(res, 400, { error: { message: 'unknown input file' } });
      const b: BatchState = {
        object: 'batch',
        id: `batch_${++seq}`,
        endpoint: body.endpoint,
        input_file_id: body.input_file_id,
        completion_window: body.completion_window,
        status: 'validating',
        created_at: now(),
        output_file_id: null,
        error_file_id: null,
        request_counts: { total: 0, completed: 0, failed: 0 },
        polls: 0,
      };
      batches.set(b.id, b);
      return send(res, 200, b);
    }
    const cancel = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path);
    if (req.method === 'POST' && cancel) {
      const b = batches.get(cancel[1]);
      if (!b) return send(res, 404, { error: { message: 'no such batch' } });
      b.status = 'cancelled';
      return send(res, 200, b);
    }
    const batch = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && batch) {
      const b = batches.get(batch[1]);
      if (!b) return send(res, 404, { error: { message: 'no such batch' } });
      b.polls++;
      if (b.status === 'validating' || b.status === 'in_progress') {
        if (b.polls >= (script.batch?.pollsUntilDone ?? 2)) finishBatch(b);
        else b.status = 'in_progress';
      }
      return send(res, 200, b);
    }
    send(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    modelCalls: () => modelCalls,
    received: () => requests.map((r) => r.raw).join('\n'),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
