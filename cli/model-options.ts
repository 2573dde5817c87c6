import type { Command } from 'commander';
import type { ModelConfig } from '../enrichers/model/config.js';
import { modelConfigOf } from '../infra/config/model-settings.js';
import { resolveSettings } from '../infra/config/resolve-config.js';
import { UserError } from '../infra/errors.js';
import { dbUriFrom } from './options.js';

/** --model / --no-model / --model-mode, shared by every command that enriches. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--model <name>', 'coding model to enrich with (default GRAINLINE_MODEL); needs OPENAI_API_KEY or OPENAI_BASE_URL')
    .option('--no-model', 'static enrichment only, even when a model is configured')
    .option('--model-mode <mode>', 'sync | batch (OpenAI Batch API, for nightly runs)', 'sync');
}

/** --wait, for every command that runs an enrichment from the command line. */
export function addWaitOption(cmd: Command): Command {
  return cmd.option('--wait <seconds>', 'wait this long for another run on the same db to finish (default: exit 2 at once, naming it)', (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UserError(`--wait takes a number of seconds, not '${v}'`);
    return n;
  }, 0);
}

/** What every enriching command (enrich, backfill) takes from its flags. */
export function commonRunOptions(o: {
  repo: string; ref: string; db?: string; usage: string[]; json: boolean; model?: string | boolean; modelMode?: string; wait?: number;
}) {
  const quiet = o.json && !process.stderr.isTTY;
  return { ...modelFromOptions({ ...o, quiet }), repo: o.repo, ref: o.ref, dbUri: dbUriFrom(o.db), usagePaths: o.usage, quiet, waitSeconds: o.wait };
}

/** The model config a command runs with; `staticNotice` asks the run to say there is none. */
export function modelFromOptions(o: { model?: string | boolean; modelMode?: string; quiet?: boolean }): {
  model: ModelConfig | null;
  modelMode: 'sync' | 'batch';
  staticNotice: boolean;
} {
  if (o.modelMode !== 'sync' && o.modelMode !== 'batch') throw new UserError(`--model-mode must be sync or batch, not '${o.modelMode}'`);
  if (o.model === false) return { model: null, modelMode: o.modelMode, staticNotice: false };
  const fromEnv = modelConfigOf(resolveSettings({ flags: typeof o.model === 'string' ? { model: o.model } : {} }));
  if (!fromEnv && typeof o.model === 'string') {
    throw new UserError(`--model ${o.model} needs OPENAI_API_KEY or OPENAI_BASE_URL`);
  }
  return { model: fromEnv, modelMode: o.modelMode, staticNotice: !fromEnv && !o.quiet };
}
