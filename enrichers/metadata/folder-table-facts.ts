import { posix } from 'node:path';
import type { ColumnFact, FileFacts, TableFact } from '../../schemas/facts.js';
import { groupBy } from '../group-by.js';
import { normalizeName } from '../names.js';
import { analyzeSql } from '../sql/analyze.js';
import { TempResolver, untemplated } from '../sql/file-facts.js';
import { scratchTables } from '../sql/temp-tables.js';
import { detectDialect } from '../sql/dialect.js';
import { ownerFacts } from '../dbt/owners.js';
import { emptyTable } from '../dbt/properties-yaml.js';
import { asArray, asRecord, asString, lineOf, readYaml } from '../dbt/yaml-located.js';

export interface RepoFile {
  path: string;
  content: string;
}

const QUERY_FILE = /^(query\.sql|view\.sql|init\.sql|query\.py|part\d*\.sql)$/;
const SIDE_FILES = new Set(['metadata.yaml', 'schema.yaml']);

/** A side file, or the query or view that defines the table: its folder names a table. */
export const namesTableFolder = (path: string): boolean => {
  const base = posix.basename(path);
  return SIDE_FILES.has(base) || /^(query|view)\.sql$/.test(base);
};

/**
 * bigquery-etl style repos: `<...>/<project>/<dataset>/<table>/query.sql` with
 * metadata.yaml and schema.yaml beside it. The folder names the table.
 */
export function folderTableFacts(files: RepoFile[]): FileFacts[] {
  const mine = files.filter((f) => QUERY_FILE.test(posix.basename(f.path)) || SIDE_FILES.has(posix.basename(f.path)));
  const out: FileFacts[] = [];
  for (const [dir, group] of groupBy(mine, (f) => posix.dirname(f.path))) {
    const parts = dir.split('/');
    if (parts.length < 3) continue;
    if (!group.some((f) => namesTableFolder(f.path))) continue;
    const [project, dataset, tableName] = parts.slice(-3);
    const name = normalizeName(`${project}.${dataset}.${tableName}`);
    const alias = normalizeName(`${dataset}.${tableName}`);
    for (const f of group) out.push(fileFacts(f, name, alias));
  }
  return out;
}

function fileFacts(f: RepoFile, name: string, alias: string): FileFacts {
  const base = posix.basename(f.path);
  const facts: FileFacts = { file: f.path, tables: [], joins: [], warnings: [] };
  const table = emptyTable(name, base === 'view.sql' ? 'view' : 'sql job', base !== 'metadata.yaml' && base !== 'schema.yaml');
  table.aliases.push(alias);
  if (base === 'metadata.yaml') readMetadata(f, table, facts);
  else if (base === 'schema.yaml') readSchema(f, table, facts);
  else if (base.endsWith('.sql')) readQuery(f, table, facts);
  // query.py is opaque here: it only proves the table exists
  facts.tables.push(table);
  return facts;
}

function readQuery(f: RepoFile, table: TableFact, facts: FileFacts): void {
  const sql = untemplated(f.content);
  const analysis = analyzeSql(sql, { file: f.path, dialect: detectDialect(f.path, sql, 'bigquery') });
  facts.warnings.push(...analysis.warnings);
  const temps = scratchTables(analysis.statements);
  const through = new TempResolver(analysis.statements, temps);
  const catalog = analysis.statements.filter((s) => !s.target || !temps.has(s.target));
  for (const st of analysis.statements) facts.joins.push(...st.joins.flatMap((j) => through.join(j) ?? []));
  // view.sql creates the view under its own name: the folder's name is the one the catalog uses
  const defining = [...catalog].reverse().find((s) => s.kind === 'create_view' || s.kind === 'select' || s.kind === 'create_table_as');
  for (const st of analysis.statements) {
    for (const src of through.sources(st.sources)) {
      if (src === table.name || table.upstream.some((u) => u.name === src)) continue;
      table.upstream.push({ name: src, source: 'sql', confidence: analysis.parsed ? 0.95 : 0.7, file: f.path, line: st.line });
    }
  }
  if (defining) {
    table.columns.push(...defining.columns);
    table.grain.push(...defining.grain);
    if (defining.target && defining.target !== table.name) table.aliases.push(defining.target);
  }
}

function readMetadata(f: RepoFile, table: TableFact, facts: FileFacts): void {
  const { value, warnings } = readYaml(f.path, f.content);
  facts.warnings.push(...warnings);
  const doc = asRecord(value);
  if (!doc) return;
  const ev = (v: unknown) => ({ source: 'metadata-yaml' as const, confidence: 0.95, file: f.path, line: lineOf(v) ?? 1 });
  const description = asString(doc.description)?.trim();
  if (description) table.descriptions.push({ ...ev(doc), text: description });
  const friendly = asString(doc.friendly_name)?.trim();
  if (friendly) table.descriptions.push({ ...ev(doc), confidence: 0.8, detail: 'friendly_name', text: friendly });
  // `owners:` is the list most repos write; a single `owner:` means the same
  const owners = doc.owners ?? doc.owner;
  const listed = Array.isArray(owners) ? owners : owners === undefined || owners === null ? [] : [owners];
  table.owners.push(...ownerFacts(listed, { ...ev(owners), detail: `metadata.yaml ${doc.owners !== undefined ? 'owners' : 'owner'}` }));
  for (const [k, v] of Object.entries(asRecord(doc.labels) ?? {})) {
    table.tags.push(v === true || v === '' || v === null ? k : `${k}:${String(v)}`);
  }
  const dag = asString(asRecord(doc.scheduling)?.dag_name);
  if (dag) table.tags.push(`dag:${dag}`);
  const bq = asRecord(doc.bigquery);
  const partition = asString(asRecord(bq?.time_partitioning)?.field);
  if (partition) table.tags.push(`partitioned_by:${partition}`);
  const clustering = asArray(asRecord(bq?.clustering)?.fields).map(asString).filter(Boolean);
  if (clustering.length) table.tags.push(`clustered_by:${clustering.join(',')}`);
}

function readSchema(f: RepoFile, table: TableFact, facts: FileFacts): void {
  const { value, warnings } = readYaml(f.path, f.content);
  facts.warnings.push(...warnings);
  table.columns.push(...schemaFields(asRecord(value)?.fields, ''));
}

// nested RECORD fields are flattened to `parent.child`, as queries address them
function schemaFields(fields: unknown, prefix: string): ColumnFact[] {
  const out: ColumnFact[] = [];
  for (const raw of asArray(fields)) {
    const field = asRecord(raw);
    const name = asString(field?.name);
    if (!field || !name) continue;
    const full = prefix + name;
    const mode = asString(field.mode);
    const type = asString(field.type);
    const column: ColumnFact = { name: full, source: 'metadata-yaml' };
    if (type) column.type = mode === 'REPEATED' ? `ARRAY<${type}>` : type;
    const d = asString(field.description)?.trim();
    if (d) column.description = d;
    out.push(column, ...schemaFields(field.fields, `${full}.`));
  }
  return out;
}
