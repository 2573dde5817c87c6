import type { Node } from 'web-tree-sitter';
import type { FileFacts, TableFactInput, Warning } from '../../schemas/facts.js';
import { Bindings } from '../python/bindings.js';
import type { TempTables } from '../python/embedded-sql.js';
import { withPythonTree, type PythonParser } from '../python/parser.js';
import { argument, callArgs, calleeName, calleeObject, dottedName, syntaxWarnings, walk } from '../python/syntax.js';
import { TableFactSet } from '../python/table-facts.js';
import { DataFrames, type DataFrameInfo } from './dataframes.js';

const WRITE_TO_ACTIONS = new Set(['create', 'createOrReplace', 'replace', 'append', 'overwrite', 'overwritePartitions']);
const TEMP_VIEW_METHODS = new Set(['createOrReplaceTempView', 'createTempView', 'createOrReplaceGlobalTempView', 'createGlobalTempView', 'registerTempTable']);

/**
 * Tables a PySpark job writes (`saveAsTable`, `insertInto`, `writeTo(...)`, Delta
 * `merge`, SQL through `spark.sql`), each with the tables that flow into it, the grain
 * of the last groupBy / dropDuplicates before the write, and the joins seen on the way.
 */
export function pysparkFileFacts(parser: PythonParser, file: string, content: string): FileFacts {
  try {
    return withPythonTree(parser, content, (root) => analyzeSparkFile(root, file), file);
  } catch (e) {
    return { file, tables: [], joins: [], warnings: [{ file, code: 'pyspark-analyzer-error', message: String((e as Error)?.message ?? e) }] };
  }
}

function analyzeSparkFile(root: Node, file: string): FileFacts {
  const temps: TempTables = new Map();
  const bindings = new Bindings(root);
  const frames = new DataFrames({ bindings, file }, temps);
  const tables = new TableFactSet();
  const write = (target: Node | undefined, source: DataFrameInfo) => {
    const name = frames.tableName(target);
    if (!name) return;
    tables.add(sparkTable(name, source));
  };

  walk(root, (n) => {
    if (n.type !== 'call') return;
    const name = calleeName(n) ?? '';
    const receiver = calleeObject(n);
    const args = callArgs(n);
    const sql = frames.sqlOf(n);
    if (sql) for (const w of sql.writes) tables.add({ name: w.table, kind: 'spark', defines: true, upstream: w.upstream, grain: w.grain, columns: w.columns });
    else if ((name === 'saveAsTable' || name === 'insertInto') && receiver) write(argument(args, 'name', 0) ?? args.keywords.get('tableName'), frames.info(writerSource(receiver)));
    else if (WRITE_TO_ACTIONS.has(name) && receiver?.type === 'call' && calleeName(receiver) === 'writeTo')
      write(argument(callArgs(receiver), 'table', 0), frames.info(calleeObject(receiver)));
    else if (name === 'merge' && receiver) mergeInto(n, receiver, frames, bindings, tables);
    else if (TEMP_VIEW_METHODS.has(name) && receiver) {
      const view = frames.tableName(argument(args, 'name', 0));
      if (view) temps.set(view, frames.info(receiver).tables);
    }
  });
  const warnings: Warning[] = [...syntaxWarnings(root, file), ...frames.warnings];
  return { file, tables: tables.list(), joins: frames.joins, warnings };
}

function sparkTable(name: string, source: DataFrameInfo): TableFactInput {
  return {
    name,
    kind: 'spark',
    defines: true,
    upstream: source.tables.filter((t) => t.name !== name),
    grain: source.grain ?? [],
    columns: source.columns ?? [],
  };
}

/** `df.write.mode(...).format(...)`: the DataFrame is the object of the `write` attribute. */
function writerSource(chain: Node): Node | undefined {
  for (let n: Node | null = chain; n; ) {
    if (n.type === 'attribute' && n.childForFieldName('attribute')?.text === 'write') return n.childForFieldName('object') ?? undefined;
    n = n.type === 'call' ? n.childForFieldName('function') : n.type === 'attribute' ? n.childForFieldName('object') : null;
  }
  return undefined;
}

/** `DeltaTable.forName(spark, "t").alias("t").merge(source_df, cond)`: t is written from source_df. */
function mergeInto(call: Node, receiver: Node, frames: DataFrames, bindings: Bindings, tables: TableFactSet): void {
  let n: Node | null = receiver;
  for (let hops = 0; n && hops < 20 && !(n.type === 'call' && dottedName(n.childForFieldName('function')) === 'DeltaTable.forName'); hops++)
    n = n.type === 'identifier' ? (bindings.lookup(n.text, n) ?? null) : n.type === 'call' ? (calleeObject(n) ?? null) : null;
  if (!n || n.type !== 'call') return;
  const target = frames.tableName(argument(callArgs(n), 'tableOrViewName', 1));
  if (!target) return;
  tables.add(sparkTable(target, frames.info(argument(callArgs(call), 'source', 0))));
}
