import type { FileFacts } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { parseArtifact } from './manifest-index.js';
import { emptyTable } from './properties-yaml.js';
import type { NameResolver } from './resolver.js';
import { asRecord, asString } from './yaml-located.js';

/**
 * A project's target/catalog.json (`dbt docs generate`, committed or given with
 * --dbt-catalog): the column types the warehouse reports for every built node. A node is
 * named through the resolver from its unique id (`model.<package>.<name>[.v<n>]`,
 * `source.<package>.<source>.<table>`); the warehouse relation it was read from is an alias.
 */
export function catalogFacts(file: string, content: string, resolver: NameResolver): FileFacts {
  const facts: FileFacts = { file, tables: [], joins: [], warnings: [] };
  const { value: catalog, warnings } = parseArtifact(file, content);
  if (!catalog) return { ...facts, warnings };
  const entries = [...Object.entries(asRecord(catalog.nodes) ?? {}), ...Object.entries(asRecord(catalog.sources) ?? {})];
  for (const [id, raw] of entries) {
    const entry = asRecord(raw);
    const name = nameOf(id, resolver);
    if (!entry || !name) continue;
    const table = emptyTable(name, undefined, false);
    const meta = asRecord(entry.metadata);
    const relation = normalizeName([meta?.database, meta?.schema, meta?.name].map(asString).filter((p): p is string => !!p).join('.'));
    if (relation && relation !== name) table.aliases.push(relation);
    for (const c of Object.values(asRecord(entry.columns) ?? {}).map(asRecord)) {
      const column = asString(c?.name);
      const type = asString(c?.type);
      // warehouses report unquoted names in their own case (Snowflake: upper): columns match case-insensitively downstream
      if (column && type) table.columns.push({ name: column, type, source: 'manifest' });
    }
    facts.tables.push(table);
  }
  return facts;
}

function nameOf(id: string, resolver: NameResolver): string | undefined {
  const parts = id.split('.');
  const [type] = parts;
  if (type === 'source' && parts.length >= 4) return resolver.source(parts[2], parts.slice(3).join('.'));
  if (type !== 'model' && type !== 'seed' && type !== 'snapshot') return undefined;
  const version = /^v(\d+)$/.exec(parts[parts.length - 1] ?? '')?.[1];
  const rest = version ? parts.slice(1, -1) : parts.slice(1);
  if (rest.length < 2) return undefined;
  return resolver.ref([rest[0], rest.slice(1).join('.')], version);
}
