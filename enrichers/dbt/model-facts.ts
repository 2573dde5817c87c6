import { analyzeSql } from '../sql/analyze.js';
import { memoize, type Memo } from '../memo.js';
import { detectDialect } from '../sql/dialect.js';
import type { FileFacts, TableFact, TableKind, UpstreamFact } from '../../schemas/facts.js';
import { ownerFacts } from './owners.js';
import type { NodeConfig } from './project.js';
import { emptyTable } from './properties-yaml.js';
import { callLine, rawCalls } from './raw-calls.js';
import { nodeAliases, sqlRelation } from './relations.js';
import type { NameResolver } from './resolver.js';
import { groupTag } from '../owners/dbt-groups.js';
import { mergingEngineGrain } from './engine-key.js';
import { seedKey } from './seed-key.js';
import { uniqueKeyGrain } from './unique-key-grain.js';

/** A model, seed or snapshot after rendering, before names are known project-wide. */
export interface RenderedNode {
  file: string;
  content: string;
  name: string;
  kind: TableKind;
  config: NodeConfig;
  /** rendered SQL with ref() placeholders still in it */
  sql?: string;
  renderError?: { line?: number; message: string };
  refs: { args: string[]; token: string; version?: string }[];
  sources: { args: [string, string]; relation: string }[];
  selfToken: string;
  columns?: string[];
}

/**
 * ref() renders to a placeholder because a model's relation depends on a config()
 * call inside the model itself, known only once every model has rendered.
 */
export const refToken = (i: number): string => `__grainline_ref_${i}__`;

export function modelFacts(node: RenderedNode, relation: string, resolver: NameResolver, memo?: Memo): FileFacts {
  const facts: FileFacts = { file: node.file, tables: [], joins: [], warnings: [] };
  const table = emptyTable(relation, node.kind, true);
  table.aliases = nodeAliases(node.name, node.config, relation);
  table.tags = [...node.config.tags];
  if (node.config.group) table.tags.push(groupTag(node.config.group));
  facts.tables.push(table);
  const calls = rawCalls(node.content);
  const ev = (line: number | undefined, detail: string) => ({ source: 'sql' as const, confidence: 0.99, file: node.file, line, detail });

  if (node.renderError) {
    const line = node.renderError.line;
    facts.warnings.push({
      file: node.file,
      line,
      code: 'dbt-render',
      message: `${node.file}${line ? `:${line}` : ''}: Jinja rendering failed (${node.renderError.message}); lineage read from ref()/source() calls`,
    });
    for (const call of calls) {
      const name = call.kind === 'ref' ? resolver.ref(call.args) : resolver.source(call.args[0] ?? '', call.args[1] ?? '');
      addUpstream(table, { name, source: 'heuristic', confidence: 0.8, file: node.file, line: call.line, detail: `dbt ${call.kind} (unrendered)` });
    }
  } else if (node.sql !== undefined) {
    for (const ref of node.refs) addUpstream(table, { name: resolver.ref(ref.args, ref.version), ...ev(callLine(calls, 'ref', ref.args), 'dbt ref') });
    for (const src of node.sources) addUpstream(table, { name: src.relation, ...ev(callLine(calls, 'source', src.args), 'dbt source') });
    analyzeRendered(node, substitute(node, relation, resolver), table, facts, memo);
  }

  const keyGrain = uniqueKeyGrain(node.kind, node.config, node.file);
  if (keyGrain) table.grain.push(keyGrain);
  const engineGrain = mergingEngineGrain(node.config, node.file);
  if (engineGrain) table.grain.push(engineGrain);
  const seedGrain = node.kind === 'dbt seed' ? seedKey(node.content, node.file) : undefined;
  if (seedGrain) table.grain.push(seedGrain);
  const owner = node.config.meta.owner ?? node.config.meta.owners;
  if (owner !== undefined) table.owners.push(...ownerFacts(owner, { source: 'dbt-yaml', confidence: 0.9, file: node.file, detail: 'config meta.owner' }));
  for (const name of node.columns ?? []) table.columns.push({ name, source: 'sql' });
  return facts;
}

function substitute(node: RenderedNode, relation: string, resolver: NameResolver): string {
  let sql = node.sql ?? '';
  for (const ref of node.refs) sql = sql.split(ref.token).join(sqlRelation(resolver.ref(ref.args, ref.version)));
  return sql.split(node.selfToken).join(sqlRelation(relation));
}

// A model is a bare SELECT: its last top-level SELECT is what the table holds.
function analyzeRendered(node: RenderedNode, sql: string, table: TableFact, facts: FileFacts, memo: Memo | undefined): void {
  if (!sql.trim()) return;
  const analysis = memoize(memo, 'dbt model sql', [node.file, sql], () => analyzeSql(sql, { file: node.file, dialect: detectDialect(node.file, sql) }));
  facts.warnings.push(...analysis.warnings);
  for (const st of analysis.statements) facts.joins.push(...st.joins);
  const final = [...analysis.statements].reverse().find((s) => s.kind === 'select');
  if (!final) return;
  for (const name of final.sources) {
    addUpstream(table, { name, source: 'sql', confidence: analysis.parsed ? 0.9 : 0.7, file: node.file, line: final.line, detail: 'sql' });
  }
  table.columns.push(...final.columns);
  table.grain.push(...final.grain);
  if (final.rowOrigin) table.rowOrigin = final.rowOrigin;
}

function addUpstream(table: TableFact, fact: UpstreamFact): void {
  if (fact.name && fact.name !== table.name && !table.upstream.some((u) => u.name === fact.name)) table.upstream.push(fact);
}
