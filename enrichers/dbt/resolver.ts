import { normalizeName } from '../names.js';
import { rawCalls } from './raw-calls.js';

/** Turns dbt references into relation names, project-wide. */
export interface NameResolver {
  /** a model's relation; without a version, a versioned model's latest */
  ref(args: string[], version?: string): string;
  source(sourceName: string, tableName: string): string;
}

/** `ref('x')` / `source('a','b')` written as a YAML string (relationships `to:`, exposure depends_on). */
export function resolveJinjaString(text: string, resolver: NameResolver): string | undefined {
  const call = rawCalls(text)[0];
  if (call?.kind === 'ref' && call.args.length > 0) return resolver.ref(call.args);
  if (call?.kind === 'source' && call.args.length === 2) return resolver.source(call.args[0], call.args[1]);
  return /^[\w.]+$/.test(text.trim()) ? normalizeName(text) : undefined;
}
