import deployment from '../../temporal.config.js';
import { SETTINGS, type ConfigFile, type SettingName, type Settings } from './settings.js';

export type Env = Record<string, string | undefined>;

export interface Layers {
  /** what the command line gave (commander's values for the flags of SETTINGS) */
  flags?: Partial<Settings>;
  /** default: this process's environment */
  env?: Env;
  /** default: temporal.config.ts */
  file?: ConfigFile;
}

/**
 * Every setting's value, the first given of: flag, environment, `temporal.config.ts`,
 * default. An environment value that does not parse (a thread count of `lots`, an
 * empty string) counts as unset, as it always has; a config-file value that does not
 * parse is an error, since that file is code someone edited on purpose.
 */
export function resolveSettings(layers: Layers = {}): Settings {
  const env = layers.env ?? process.env;
  const file = layers.file ?? deployment;
  const out: Partial<Record<SettingName, unknown>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const s = SETTINGS[name];
    out[name] = layers.flags?.[name] ?? fromEnv(s.schema, env[s.env]) ?? fromFile(name, file[name]) ?? s.default;
  }
  return out as Settings;
}

function fromEnv(schema: (typeof SETTINGS)[SettingName]['schema'], raw: string | undefined): unknown {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

function fromFile(name: SettingName, value: unknown): unknown {
  if (value === undefined) return undefined;
  const parsed = SETTINGS[name].schema.safeParse(value);
  if (!parsed.success) throw new Error(`temporal.config.ts: ${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
