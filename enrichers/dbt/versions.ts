import { asArray, asRecord, asString } from './yaml-located.js';

/**
 * dbt model versions: `dim_x_v2.sql` is version 2 of model `dim_x`, whose properties
 * may name a `latest_version`. `ref('dim_x', v=2)` reads that version; a plain
 * `ref('dim_x')` reads the latest (the declared one, else the highest number).
 * Returns undefined when `model` has no versions, so the ordinary lookup applies.
 */
export function versionedRelation(
  names: Map<string, string>,
  model: string,
  version: string | undefined,
  latest: string | undefined,
): string | undefined {
  if (version !== undefined) return names.get(`${model}_v${version}`);
  if (names.has(model)) return undefined;
  if (latest !== undefined && names.has(`${model}_v${latest}`)) return names.get(`${model}_v${latest}`);
  const prefix = `${model}_v`;
  const numbers = [...names.keys()]
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => Number(n.slice(prefix.length)));
  return numbers.length ? names.get(`${prefix}${Math.max(...numbers)}`) : undefined;
}

/** `latest_version` of every versioned model a properties file declares. */
export function latestVersions(doc: unknown): [string, string][] {
  const out: [string, string][] = [];
  for (const m of asArray(asRecord(doc)?.models)) {
    const name = asString(asRecord(m)?.name);
    const latest = asRecord(m)?.latest_version;
    if (name && (typeof latest === 'string' || typeof latest === 'number')) out.push([name, String(latest)]);
  }
  return out;
}
