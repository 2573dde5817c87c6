import type { ColumnFact, FileFacts, GrainFact, JoinEdge, TableFact, TableKind } from '../../schemas/facts.js';
import { groupTag } from '../owners/dbt-groups.js';
import { foreignKeyConstraints } from './fk-constraints.js';
import { ownerFacts } from './owners.js';
import { sourceRelation, type SourceTableDecl } from './relations.js';
import { resolveJinjaString, type NameResolver } from './resolver.js';
import { bareTestName, declaredTests, uniqueColumnsOf, type DeclaredTest } from './yaml-tests.js';
import { asArray, asRecord, asString, lineOf } from './yaml-located.js';

const PROPERTY_KEYS = ['models', 'sources', 'exposures', 'seeds', 'snapshots'] as const;

export function isPropertiesYaml(value: unknown): boolean {
  const doc = asRecord(value);
  return !!doc && PROPERTY_KEYS.some((k) => Array.isArray(doc[k]));
}

/** Where a source's tables live; dbt renders these through Jinja (`schema: "{{ var('raw') }}"`). */
const LOCATION_KEYS = ['database', 'schema', 'identifier'] as const;

/**
 * Renders the Jinja in every source's and source table's location keys in place, so
 * the relation name is what the warehouse sees; a value that renders to nothing is
 * dropped and dbt's default (the source name as schema) applies.
 */
export function renderSourceLocations(value: unknown, render: (text: string) => string | undefined): void {
  for (const src of asArray(asRecord(value)?.sources)) {
    const nodes = [asRecord(src), ...asArray(asRecord(src)?.tables).map(asRecord)];
    for (const node of nodes) {
      for (const key of LOCATION_KEYS) {
        const text = asString(node?.[key]);
        if (node && text !== undefined) node[key] = render(text);
      }
    }
  }
}

/** Source tables declared in a properties file, for resolving `source()` before models render. */
export function declaredSources(value: unknown): (SourceTableDecl & { line?: number; node: Record<string, unknown>; parent: Record<string, unknown> })[] {
  const out = [];
  for (const src of asArray(asRecord(value)?.sources)) {
    const s = asRecord(src);
    const sourceName = asString(s?.name);
    if (!s || !sourceName) continue;
    for (const t of asArray(s.tables)) {
      const table = asRecord(t);
      const tableName = asString(table?.name);
      if (!table || !tableName) continue;
      out.push({
        sourceName,
        tableName,
        database: asString(table.database) ?? asString(s.database),
        schema: asString(table.schema) ?? asString(s.schema),
        identifier: asString(table.identifier),
        line: lineOf(table),
        node: table,
        parent: s,
      });
    }
  }
  return out;
}

const KIND_OF_KEY: Record<string, TableKind> = { models: 'dbt model', seeds: 'dbt seed', snapshots: 'dbt snapshot' };

/** Everything a schema.yml / _*.yml says: descriptions, tests, owners, sources, exposures. */
export function propertiesFacts(file: string, value: unknown, resolver: NameResolver): FileFacts {
  const facts: FileFacts = { file, tables: [], joins: [], warnings: [] };
  const doc = asRecord(value) ?? {};
  const ev = (line: number | undefined, detail?: string) => ({ source: 'dbt-yaml' as const, confidence: 0.95, file, line, detail });

  const describeNode = (table: TableFact, node: Record<string, unknown>): void => {
    const line = lineOf(node);
    const description = asString(node.description);
    if (description?.trim()) table.descriptions.push({ ...ev(line), text: description.trim() });
    const config = asRecord(node.config) ?? {};
    const meta = { ...(asRecord(node.meta) ?? {}), ...(asRecord(config.meta) ?? {}) };
    const owner = meta.owner ?? meta.owners;
    if (owner !== undefined) table.owners.push(...ownerFacts(owner, { ...ev(line, 'meta.owner'), confidence: 0.9 }));
    for (const tag of [...asArray(node.tags), ...asArray(config.tags)]) {
      const s = asString(tag);
      if (s && !table.tags.includes(s)) table.tags.push(s);
    }
    // a dbt group's owner is the model's owner: resolved once every file's groups are read (owners/dbt-groups.ts)
    const group = asString(config.group) ?? asString(node.group);
    if (group && !table.tags.includes(groupTag(group))) table.tags.push(groupTag(group));
    for (const c of asArray(node.columns)) {
      const col = asRecord(c);
      const name = asString(col?.name);
      if (!col || !name) continue;
      const column: ColumnFact = { name, source: 'dbt-yaml' };
      const d = asString(col.description);
      if (d?.trim()) column.description = d.trim();
      const type = asString(col.data_type) ?? asString(col.type);
      if (type) column.type = type;
      table.columns.push(column);
      for (const test of declaredTests(col)) applyTest(table, test, name);
      for (const c of keyConstraints(col)) table.grain.push(grain([name], 0.95, lineOf(c) ?? lineOf(col), `${asString(c.type)} constraint`));
      facts.joins.push(...foreignKeyConstraints(file, table.name, col, name, resolver));
    }
    facts.joins.push(...foreignKeyConstraints(file, table.name, node, undefined, resolver));
    for (const test of declaredTests(node)) applyTest(table, test, asString(test.args.column_name));
    for (const c of keyConstraints(node)) {
      const cols = asArray(c.columns).map(asString).filter((s): s is string => !!s);
      if (cols.length) table.grain.push(grain(cols, 0.95, lineOf(c) ?? lineOf(node), `${asString(c.type)} constraint`));
    }
  };

  const applyTest = (table: TableFact, test: DeclaredTest, column: string | undefined): void => {
    const name = bareTestName(test.name);
    const line = test.line ?? lineOf(test.args);
    const unique = uniqueColumnsOf(test, column);
    if (unique) {
      const columns = unique.combination ? unique.columns : unique.columns.flatMap(splitColumns);
      table.grain.push(grain(columns, unique.combination ? 0.97 : 0.95, line, `${name} test`));
    } else if ((name === 'relationships' || name === 'relationships_where') && column) {
      const to = asString(test.args.to);
      const field = asString(test.args.field);
      const other = to ? resolveJinjaString(to, resolver) : undefined;
      if (other && field) {
        const edge: JoinEdge = {
          ...ev(line, 'relationships test'),
          left: { table: table.name, columns: [column] },
          right: { table: other, columns: [field] },
        };
        facts.joins.push(edge);
      }
    }
  };

  const grain = (columns: string[], confidence: number, line: number | undefined, detail: string): GrainFact => ({
    ...ev(line, detail),
    confidence,
    columns,
  });

  for (const key of ['models', 'seeds', 'snapshots'] as const) {
    for (const m of asArray(doc[key])) {
      const node = asRecord(m);
      const name = asString(node?.name);
      if (!node || !name) continue;
      const table = emptyTable(resolver.ref([name]), KIND_OF_KEY[key], false);
      describeNode(table, node);
      facts.tables.push(table);
    }
  }

  for (const decl of declaredSources(doc)) {
    const table = emptyTable(sourceRelation(decl), 'dbt source', true);
    table.aliases.push(`${decl.sourceName}.${decl.tableName}`.toLowerCase());
    describeNode(table, decl.node);
    if (!table.descriptions.length) {
      const parentText = asString(decl.parent.description);
      if (parentText?.trim()) table.descriptions.push({ ...ev(lineOf(decl.parent), 'source description'), confidence: 0.7, text: parentText.trim() });
    }
    if (!table.owners.length) {
      const meta = asRecord(decl.parent.meta) ?? asRecord(asRecord(decl.parent.config)?.meta);
      if (meta?.owner !== undefined) table.owners.push(...ownerFacts(meta.owner, { ...ev(lineOf(decl.parent), 'source meta.owner'), confidence: 0.85 }));
    }
    const loadedAt = asString(decl.node.loaded_at_field) ?? asString(decl.parent.loaded_at_field);
    if (loadedAt) table.tags.push(`loaded_at_field:${loadedAt}`);
    facts.tables.push(table);
  }

  for (const e of asArray(doc.exposures)) {
    const exposure = asRecord(e);
    const name = asString(exposure?.name);
    if (!exposure || !name) continue;
    const owners = ownerFacts(exposure.owner, ev(undefined)).map((o) => o.id);
    for (const dep of asArray(exposure.depends_on)) {
      const target = asString(dep) && resolveJinjaString(asString(dep)!, resolver);
      if (!target) continue;
      const table = emptyTable(target, undefined, false);
      table.consumers.push({ ...ev(lineOf(exposure), 'exposure'), name, type: asString(exposure.type) ?? 'exposure', owners });
      facts.tables.push(table);
    }
  }
  return facts;
}

/** dbt model contracts: `constraints: [{type: primary_key | unique, columns: [...]}]` on a model or a column, each a key */
function keyConstraints(node: Record<string, unknown>): Record<string, unknown>[] {
  return asArray(node.constraints)
    .map(asRecord)
    .filter((c): c is Record<string, unknown> => !!c && /^(primary_key|unique)$/i.test(asString(c.type) ?? ''));
}

// `unique` on a column written as an expression ('a || b') still names a composite key
const splitColumns = (column: string): string[] =>
  column
    .split(/\|\||,/)
    .map((s) => s.trim())
    .filter(Boolean);

export function emptyTable(name: string, kind: TableKind | undefined, defines: boolean): TableFact {
  return { name, kind, defines, aliases: [], upstream: [], columns: [], grain: [], joinKeys: [], owners: [], descriptions: [], consumers: [], tags: [] };
}
