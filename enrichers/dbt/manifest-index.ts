import { posix } from 'node:path';
import type { Warning } from '../../schemas/facts.js';
import { jsonOverLimit } from '../limits.js';
import { normalizeName } from '../names.js';
import { asRecord, asString } from './yaml-located.js';

export type JsonRecord = Record<string, unknown>;

let last: { file: string; content: string; parsed: { value?: JsonRecord; warnings: Warning[] } } | undefined;

/**
 * A manifest (or catalog) parsed once: the project's names, its facts and its compiled
 * SQL are read from the same file, which may be tens of MB.
 */
export function parseArtifact(file: string, content: string): { value?: JsonRecord; warnings: Warning[] } {
  // keyed by file too: two projects may hold the same (broken) text, and a warning names its own file
  if (last?.file === file && last.content === content) return last.parsed;
  const over = jsonOverLimit(file, content);
  let parsed: { value?: JsonRecord; warnings: Warning[] };
  if (over) parsed = { warnings: [over] };
  else {
    try {
      parsed = { value: asRecord(JSON.parse(content)), warnings: [] };
    } catch (err) {
      parsed = { warnings: [{ file, code: 'manifest-parse', message: `${file}: ${String(err)}` }] };
    }
  }
  last = { file, content, parsed };
  return parsed;
}

/** A node's warehouse relation as dbt compiled it: `relation_name`, else database.schema.alias. */
export function manifestRelation(node: JsonRecord): string {
  const rel = asString(node.relation_name);
  if (rel) return normalizeName(rel);
  const parts = [node.database, node.schema, node.alias ?? node.identifier ?? node.name].map(asString);
  return normalizeName(parts.filter((p): p is string => !!p).join('.'));
}

/** What a manifest tells the parsed project before any fact is built. */
export interface ManifestIndex {
  /** a model, seed or snapshot file (repo path) → the relation dbt built it as */
  relationOfFile: Map<string, string>;
  /** `source_name.table` → the relation the source reads */
  sources: Map<string, string>;
  /** a model file (repo path) → the SQL dbt compiled from the text it had then */
  compiled: Map<string, { raw: string; sql: string }>;
}

/** The index of the manifest of the project at `root` (repo-relative, '' at the top). */
export function manifestIndex(root: string, manifest: JsonRecord | undefined): ManifestIndex {
  const index: ManifestIndex = { relationOfFile: new Map(), sources: new Map(), compiled: new Map() };
  const projectName = asString(asRecord(manifest?.metadata)?.project_name);
  for (const node of Object.values(asRecord(manifest?.nodes) ?? {}).map(asRecord)) {
    const type = asString(node?.resource_type);
    const file = asString(node?.original_file_path);
    // an installed package's nodes have paths inside the package, not the project
    if (!node || !file || (projectName && asString(node.package_name) !== projectName)) continue;
    if (type !== 'model' && type !== 'seed' && type !== 'snapshot') continue;
    const path = posix.join(root, file);
    index.relationOfFile.set(path, manifestRelation(node));
    const raw = asString(node.raw_code);
    const sql = asString(node.compiled_code);
    if (type === 'model' && raw !== undefined && sql) index.compiled.set(path, { raw, sql });
  }
  for (const src of Object.values(asRecord(manifest?.sources) ?? {}).map(asRecord)) {
    const source = asString(src?.source_name);
    const name = asString(src?.name);
    if (src && source && name) index.sources.set(`${source}.${name}`, manifestRelation(src));
  }
  return index;
}
