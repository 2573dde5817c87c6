/**
 * What a logged query touches, for usage statistics. Called once per log line, so
 * it stays lean (no statement splitting, one parse) and remembers recent answers:
 * logs repeat the same dashboard queries many times.
 */
import { numberValue } from './ast.js';
import { tablesOfText } from './fallback.js';
import { joinEdges } from './statement.js';
import { parseStatement } from './parse.js';
import { prepareQuery } from './prepare.js';
import { MAY_HOLD_SEMI_STRUCTURED } from './semi-structured.js';
import { analyzeTopQuery, newContext, type PhysicalColumn } from './scope.js';
import { tokenize } from './tokens.js';
import type { Dialect, QueryShape } from './types.js';

const MEMO_LIMIT = 5000;
const memo = new Map<string, QueryShape>();

export function analyzeQuery(sql: string, dialect: Dialect = 'postgres'): QueryShape {
  const text = sql.trim().replace(/;\s*$/, '');
  const key = `${dialect}\u0000${text.replace(/\s+/g, ' ')}`;
  const hit = memo.get(key);
  if (hit) {
    // refresh: the Map's insertion order is the eviction order
    memo.delete(key);
    memo.set(key, hit);
    return hit;
  }
  const shape = shapeOf(text, dialect);
  memo.set(key, shape);
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return shape;
}

function shapeOf(text: string, dialect: Dialect): QueryShape {
  try {
    // only pay for tokenizing when a clause needs blanking out
    const needsPrep = /\bqualify\b|\blateral\s+view\b/i.test(text) || MAY_HOLD_SEMI_STRUCTURED.test(text);
    const prepared = needsPrep ? prepareQuery(text, tokenize(text)).text : text;
    const res = parseStatement(prepared, dialect);
    if (!res.ok || res.ast.type !== 'select') return fallbackShape(text, dialect);
    const ctx = newContext();
    ctx.usage = { columns: [], filters: [] };
    const top = analyzeTopQuery(res.ast, new Map(), ctx);
    const selectStar = (Array.isArray(top.sel.columns) ? top.sel.columns : []).some((c: { expr?: { type?: string; column?: unknown } }) => c?.expr?.type === 'column_ref' && c.expr.column === '*') || top.sel.columns === '*';
    const limitNode = top.sel.limit?.value;
    const limit = Array.isArray(limitNode) && limitNode.length > 0 ? numberValue(limitNode[limitNode.length - 1]) : undefined;
    return {
      tables: [...ctx.sources],
      columns: dedupe(ctx.usage.columns),
      filters: dedupe(ctx.usage.filters),
      joins: joinEdges(ctx.joins, { file: '', line: 1 }).map((j) => ({ ...j, source: 'usage' as const, file: undefined, line: undefined })),
      selectStar,
      limit,
      parsed: true,
    };
  } catch {
    return fallbackShape(text, dialect);
  }
}

function fallbackShape(text: string, dialect: Dialect): QueryShape {
  const scan = tablesOfText(text, dialect);
  const limit = /\blimit\s+(\d+)\s*$/i.exec(text);
  return {
    tables: scan.sources,
    columns: [],
    filters: [],
    joins: [],
    selectStar: /^\s*select\s+\*/i.test(text),
    limit: limit ? Number(limit[1]) : undefined,
    parsed: false,
  };
}

function dedupe(cols: PhysicalColumn[]): { table: string; column: string }[] {
  const seen = new Set<string>();
  const out: { table: string; column: string }[] = [];
  for (const c of cols) {
    const k = `${c.table}.${c.column}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ table: c.table, column: c.column });
    }
  }
  return out;
}
