import type { FileFacts, TableKind } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { ownerFacts } from './owners.js';
import { emptyTable } from './properties-yaml.js';
import type { NameResolver } from './resolver.js';
import { asRecord, asString } from './yaml-located.js';
import { manifestRelation, parseArtifact } from './manifest-index.js';

const KINDS: Record<string, TableKind> = { model: 'dbt model', seed: 'dbt seed', snapshot: 'dbt snapshot', source: 'dbt source' };

/**
 * A project's target/manifest.json (committed, or given with --dbt-manifest): what dbt
 * itself compiled, so it is declared metadata. Nodes take the names the parsed project
 * gives them (through the resolver, which takes them from this manifest's relations:
 * manifest-index.ts) so both views land on one table; the manifest's relation is also an alias.
 */
export function manifestFacts(file: string, content: string, resolver: NameResolver): FileFacts {
  const facts: FileFacts = { file, tables: [], joins: [], warnings: [] };
  const { value: manifest, warnings } = parseArtifact(file, content);
  if (!manifest) return { ...facts, warnings };
  // a group's owner owns its nodes (dbt 1.5+: `groups:` with `owner: {name, email}`)
  const groupOwner = new Map<string, unknown>();
  for (const g of Object.values(asRecord(manifest.groups) ?? {}).map(asRecord)) {
    const name = asString(g?.name);
    if (g && name && g.owner !== undefined) groupOwner.set(name, g.owner);
  }
  const all: Record<string, Record<string, unknown>> = {
    ...((asRecord(manifest?.nodes) ?? {}) as Record<string, Record<string, unknown>>),
    ...((asRecord(manifest?.sources) ?? {}) as Record<string, Record<string, unknown>>),
  };
  const nameOf = (node: Record<string, unknown>): string => {
    const type = asString(node.resource_type);
    if (type === 'source') return resolver.source(asString(node.source_name) ?? '', asString(node.name) ?? '');
    return resolver.ref([asString(node.package_name) ?? '', asString(node.name) ?? ''].filter(Boolean));
  };
  const ev = (detail: string) => ({ source: 'manifest' as const, confidence: 0.98, file, detail });

  for (const [id, node] of Object.entries(all)) {
    const kind = KINDS[asString(node.resource_type) ?? ''];
    if (!kind) continue;
    const table = emptyTable(nameOf(node), kind, true);
    const relation = manifestRelation(node);
    table.aliases = [...new Set([relation, normalizeName(asString(node.name) ?? '')])].filter((a) => a && a !== table.name);
    const description = asString(node.description)?.trim();
    if (description) table.descriptions.push({ ...ev(id), text: description });
    const deps = asRecord(node.depends_on)?.nodes;
    for (const dep of Array.isArray(deps) ? deps : []) {
      const upstream = all[String(dep)];
      if (upstream && KINDS[asString(upstream.resource_type) ?? '']) table.upstream.push({ ...ev(`depends_on ${dep}`), name: nameOf(upstream) });
    }
    for (const c of Object.values(asRecord(node.columns) ?? {})) {
      const col = asRecord(c);
      const name = asString(col?.name);
      if (!col || !name) continue;
      table.columns.push({
        name,
        description: asString(col.description)?.trim() || undefined,
        type: asString(col.data_type) ?? undefined,
        source: 'manifest',
      });
    }
    const meta = { ...(asRecord(node.meta) ?? {}), ...(asRecord(asRecord(node.config)?.meta) ?? {}) };
    if (meta.owner !== undefined) table.owners.push(...ownerFacts(meta.owner, ev('meta.owner')));
    const group = asString(node.group) ?? asString(asRecord(node.config)?.group);
    if (group && groupOwner.has(group)) table.owners.push(...ownerFacts(groupOwner.get(group), ev(`group ${group}`)));
    facts.tables.push(table);
  }
  return facts;
}
