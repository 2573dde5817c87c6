import type { Warning } from '../../schemas/facts.js';
import { isPlainData, memoKey, type Memo } from '../memo.js';
import type { DbtRenderer, RenderHooks, RenderResult } from './jinja-renderer.js';

/** What a render said through its hooks, in order: enough to replay it without nunjucks. */
type HookCall =
  | { ref: [string[], string | null] }
  | { source: [string, string, string] }
  | { config: Record<string, unknown> }
  | { snapshot: string };

interface KeptRender {
  result: RenderResult;
  calls: HookCall[];
  warnings: Warning[];
}

/**
 * `renderer.render` through a memo. A model's render depends on its text, the
 * project's macros and vars (the renderer's identity) and the relations its
 * source() calls return; a kept render is replayed only if those relations are
 * still the same. Renders whose config() got values JSON cannot keep (an unknown
 * macro's stand-in) are not kept.
 */
export function renderMemo(
  renderer: DbtRenderer,
  memo: Memo | undefined,
  file: { path: string; content: string },
  hooks: RenderHooks,
  sourceRelation: (s: string, t: string) => string,
): RenderResult {
  if (!memo) return renderer.render(file.path, file.content, hooks);
  const key = memoKey('dbt render', [renderer.identity, file.path, file.content]);
  const kept = memo.get(key) as KeptRender | undefined;
  if (kept && kept.calls.every((c) => !('source' in c) || sourceRelation(c.source[0], c.source[1]) === c.source[2])) {
    for (const c of kept.calls) replay(c, hooks);
    renderer.warnings.push(...kept.warnings);
    return kept.result;
  }
  const calls: HookCall[] = [];
  let keepable = true;
  const from = renderer.warnings.length;
  const result = renderer.render(file.path, file.content, {
    ref: (args, version) => {
      calls.push({ ref: [args, version ?? null] });
      return hooks.ref(args, version);
    },
    source: (s, t) => {
      calls.push({ source: [s, t, sourceRelation(s, t)] });
      return hooks.source(s, t);
    },
    config: (settings) => {
      keepable &&= isPlainData(settings);
      calls.push({ config: settings });
      hooks.config(settings);
    },
    snapshot: (name) => {
      calls.push({ snapshot: name });
      hooks.snapshot(name);
    },
    self: () => hooks.self(),
  });
  if (keepable) memo.set(key, { result, calls, warnings: renderer.warnings.slice(from) });
  return result;
}

function replay(c: HookCall, hooks: RenderHooks): void {
  if ('ref' in c) hooks.ref(c.ref[0], c.ref[1] ?? undefined);
  else if ('source' in c) hooks.source(c.source[0], c.source[1]);
  else if ('config' in c) hooks.config(c.config);
  else hooks.snapshot(c.snapshot);
}
