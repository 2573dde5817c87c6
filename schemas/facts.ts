import { z } from 'zod';

/**
 * Where a fact came from. The merge ranks facts by the tier of their source
 * (see `tierOf`): annotation > declared metadata > static inference > model.
 */
export const Source = z.enum([
  'annotation', // a human wrote it in annotations/*.yml
  'manifest', // dbt target/manifest.json
  'dbt-yaml', // dbt schema.yml / _*.yml: descriptions, tests, meta, exposures
  'metadata-yaml', // metadata.yaml / schema.yaml next to a folder-per-table query
  'ddl', // CREATE TABLE column lists, PRIMARY KEY / FOREIGN KEY constraints
  'codeowners', // CODEOWNERS, GitHub semantics
  'airflow', // Airflow default_args owner / email
  'sql', // parsed SQL (plain jobs, rendered dbt models, SQL inside Python)
  'python', // parsed Python (Spark table reads/writes)
  'git', // git history of the defining files
  'usage', // query logs
  'heuristic', // fallback extraction after a parse failure, name patterns
  'model', // the coding model
]);
export type Source = z.infer<typeof Source>;

export const Tier = z.enum(['annotation', 'declared', 'static', 'model']);
export type Tier = z.infer<typeof Tier>;

const TIER_OF: Record<Source, Tier> = {
  annotation: 'annotation',
  manifest: 'declared',
  'dbt-yaml': 'declared',
  'metadata-yaml': 'declared',
  ddl: 'declared',
  codeowners: 'declared',
  airflow: 'declared',
  sql: 'static',
  python: 'static',
  git: 'static',
  usage: 'static',
  heuristic: 'static',
  model: 'model',
};
export const tierOf = (source: Source): Tier => TIER_OF[source];
export const TIER_RANK: Record<Tier, number> = { annotation: 0, declared: 1, static: 2, model: 3 };

/** Every inferred item carries this: what said it, how sure, and where. */
export const Evidence = z.object({
  source: Source,
  confidence: z.number().min(0).max(1),
  /** repo-relative file and 1-based line the fact was read from, when known */
  file: z.string().optional(),
  line: z.number().int().optional(),
  detail: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const TableKind = z.enum([
  'dbt model',
  /** inlined as a CTE into the models that ref it: a record with lineage, never queryable */
  'dbt ephemeral model',
  'dbt seed',
  'dbt snapshot',
  'dbt source',
  'sql job',
  'view',
  'ddl',
  'airflow',
  'spark',
  'external',
]);
export type TableKind = z.infer<typeof TableKind>;

export const UpstreamFact = Evidence.extend({ name: z.string() });
export type UpstreamFact = z.infer<typeof UpstreamFact>;

export const ColumnFact = z.object({
  name: z.string(),
  description: z.string().optional(),
  type: z.string().optional(),
  /** upstream "table.column" names this column is computed from, when the parser can tell */
  lineage: z.array(z.string()).optional(),
  /** other columns of this table a hash (or, less surely, a concatenation) of them determines (sql/hash-determined.ts) */
  determines: z.object({ columns: z.array(z.string()), via: z.enum(['hash', 'concat']) }).optional(),
  source: Source,
});
export type ColumnFact = z.infer<typeof ColumnFact>;

export const GrainFact = Evidence.extend({
  columns: z.array(z.string()),
  /**
   * For a GROUP BY key: the grouped columns each joined relation passes unchanged, by
   * physical table (upstream column -> output name). Where they hold that table's key,
   * its other grouped columns depend on the key and drop out (decided at link time).
   * `bound`: the joined table's columns its ON clause ties to grouped columns, or (`through`)
   * to columns of another joined table so tied.
   */
  groups: z.array(z.object({ table: z.string(), columns: z.record(z.string(), z.string()), derived: z.array(z.string()).optional(), bound: z.array(z.string()).optional(), through: z.string().optional() })).optional(),
  /**
   * A key read from SQL that holds only if each of these joined tables is unique on the
   * columns its join binds (no fan-out); decided at link time, where their grains are
   * known. `sameGrain`: the join binds the whole key on both sides (report tables merged
   * on their common key), so a table of unknown grain is taken to share it.
   */
  requires: z.array(z.object({ table: z.string(), columns: z.array(z.string()), sameGrain: z.boolean().optional() })).optional(),
});
export type GrainFact = z.infer<typeof GrainFact>;

/**
 * What a join edge is, seen from the table that holds it: its columns reference the other
 * table's key (a foreign key: a relationships test, a FOREIGN KEY, an inferred key), the
 * other table's columns reference its key (the mirrored side), or the two are joined in
 * code with neither side known to be the other's key (same-grain or many-to-many joins).
 */
export const JoinRelation = z.enum(['references', 'referenced by', 'joined']);
export type JoinRelation = z.infer<typeof JoinRelation>;

export const JoinKeyFact = Evidence.extend({
  columns: z.array(z.string()),
  /** the other table, by name as written (resolved at link time) */
  table: z.string(),
  refColumns: z.array(z.string()),
  /** set at link time; absent where the source cannot say (query logs, the model) */
  relation: JoinRelation.optional(),
});
export type JoinKeyFact = z.infer<typeof JoinKeyFact>;

export const OwnerFact = Evidence.extend({
  id: z.string(),
  kind: z.enum(['user', 'team']),
});
export type OwnerFact = z.infer<typeof OwnerFact>;

export const TextFact = Evidence.extend({ text: z.string() });
export type TextFact = z.infer<typeof TextFact>;

/**
 * An equality join seen in code (JOIN ... ON a.x = b.y, USING, a relationships test,
 * a foreign key). The linker records it on both tables as a `JoinKeyFact`.
 */
export const JoinEdge = Evidence.extend({
  left: z.object({ table: z.string(), columns: z.array(z.string()) }),
  right: z.object({ table: z.string(), columns: z.array(z.string()) }),
});
export type JoinEdge = z.infer<typeof JoinEdge>;

/** A consumer outside the catalog: a dbt exposure, a dashboard, an Airflow task. */
export const ConsumerFact = Evidence.extend({
  name: z.string(),
  type: z.string(),
  owners: z.array(z.string()).default([]),
});
export type ConsumerFact = z.infer<typeof ConsumerFact>;

/**
 * The rows of a table are the rows of one upstream, filtered, projected and joined
 * without fan-out: its grain carries over, renamed through `columns` (upstream column
 * -> this table's column; with `all`, unlisted columns keep their names), provided each
 * of `joins` binds one of that table's keys. Read from SQL; applied at link time.
 */
const OneOrigin = z.object({
  table: z.string(),
  columns: z.record(z.string(), z.string()),
  all: z.boolean(),
  joins: z.array(z.object({ table: z.string(), columns: z.array(z.string()) })),
  /** upstream columns the query pins to one value: dropped from the inherited key */
  fixed: z.array(z.string()).optional(),
  /** the rows are GROUP BY groups of the upstream's rows: its key is the grain only if the groups hold all of it */
  grouped: z.boolean().optional(),
});
export const RowOrigin = OneOrigin.extend({
  /** a UNION's rows: each branch's rows are one upstream's (`table` is then the first's, with nothing mapped) */
  branches: z.array(OneOrigin).optional(),
});
export type RowOrigin = z.infer<typeof RowOrigin>;

/**
 * What one file says about one table. `defines` is true when the file builds the
 * table (CREATE/INSERT/MERGE, a dbt model, saveAsTable, a source declaration),
 * false when it only describes or reads it (a schema.yml entry, a DAG that runs it).
 */
export const TableFact = z.object({
  name: z.string(),
  kind: TableKind.optional(),
  defines: z.boolean(),
  aliases: z.array(z.string()).default([]),
  upstream: z.array(UpstreamFact).default([]),
  columns: z.array(ColumnFact).default([]),
  grain: z.array(GrainFact).default([]),
  rowOrigin: RowOrigin.optional(),
  joinKeys: z.array(JoinKeyFact).default([]),
  owners: z.array(OwnerFact).default([]),
  descriptions: z.array(TextFact).default([]),
  consumers: z.array(ConsumerFact).default([]),
  tags: z.array(z.string()).default([]),
});
export type TableFact = z.infer<typeof TableFact>;
export type TableFactInput = z.input<typeof TableFact>;

export const Warning = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  code: z.string(),
  message: z.string(),
});
export type Warning = z.infer<typeof Warning>;

/** The output of analysing one file. */
export const FileFacts = z.object({
  file: z.string(),
  tables: z.array(TableFact),
  /** joins between tables seen in this file, whichever tables they are */
  joins: z.array(JoinEdge).default([]),
  warnings: z.array(Warning).default([]),
});
export type FileFacts = z.infer<typeof FileFacts>;
