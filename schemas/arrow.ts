import { createRequire } from 'node:module';
import type { DataType, Schema as ArrowSchema } from 'apache-arrow';
// apache-arrow's CommonJS build, the copy @lancedb/lancedb requires: importing its ESM
// build as well loaded a second Arrow (~0.2 s of CPU in every command that reads the db)
const { Bool, Field, FixedSizeList, Float32, Float64, List, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');
import { z } from 'zod';
import { TableRecord } from './table-record.js';

/**
 * The LanceDB row layout, derived from a zod object schema rather than restated:
 * scalars and lists of strings become native Arrow columns (so they can be filtered
 * and indexed), anything nested becomes a JSON string column (so record shapes can
 * grow without Arrow schema migrations). `vector` is added for the embedding.
 */
type ColumnKind = 'string' | 'number' | 'boolean' | 'string[]' | 'json';

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    const def = (inner as { def: { type: string; innerType?: z.ZodType } }).def;
    if (def.type === 'nullable' || def.type === 'optional' || def.type === 'default') {
      nullable = nullable || def.type !== 'default';
      inner = def.innerType!;
    } else return { inner, nullable };
  }
}

function kindOf(schema: z.ZodType): ColumnKind {
  const { inner } = unwrap(schema);
  const def = (inner as { def: { type: string; element?: z.ZodType } }).def;
  switch (def.type) {
    case 'string':
    case 'enum':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array': {
      const el = unwrap(def.element!).inner as { def: { type: string } };
      return el.def.type === 'string' || el.def.type === 'enum' ? 'string[]' : 'json';
    }
    default:
      return 'json';
  }
}

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'string':
    case 'json':
      return new Utf8();
    case 'number':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'string[]':
      return new List(new Field('item', new Utf8(), true));
  }
}

export function columnKinds(schema: z.ZodObject): Record<string, ColumnKind> {
  return Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, kindOf(v as z.ZodType)]));
}

export function arrowSchemaFor(schema: z.ZodObject, vectorDim: number): ArrowSchema {
  const fields = Object.entries(schema.shape).map(([name, v]) => {
    const kind = kindOf(v as z.ZodType);
    return new Field(name, arrowType(kind), unwrap(v as z.ZodType).nullable || kind === 'json');
  });
  // Derived at write time, never exported: what full-text and vector search match on.
  fields.push(new Field('search_text', new Utf8(), false));
  fields.push(new Field('vector', new FixedSizeList(vectorDim, new Field('item', new Float32(), true)), false));
  return new Schema(fields);
}

const RECORD_KINDS = columnKinds(TableRecord);

export type TableRow = Record<string, unknown> & { id: string; vector: number[]; search_text: string };

export function recordToRow(record: TableRecord, vector: number[], searchText: string): TableRow {
  const row: Record<string, unknown> = {};
  for (const [k, kind] of Object.entries(RECORD_KINDS)) {
    const v = (record as Record<string, unknown>)[k];
    row[k] = kind === 'json' ? JSON.stringify(v ?? null) : (v ?? null);
  }
  return { ...row, id: record.id, vector, search_text: searchText };
}

export function rowToRecord(row: Record<string, unknown>): TableRecord {
  const out: Record<string, unknown> = {};
  for (const [k, kind] of Object.entries(RECORD_KINDS)) {
    const v = row[k];
    if (kind === 'json') out[k] = typeof v === 'string' ? JSON.parse(v) : null;
    else if (kind === 'string[]') out[k] = v == null ? [] : Array.from(v as Iterable<string>);
    else out[k] = v;
  }
  return TableRecord.parse(out);
}

export const tableRecordArrowSchema = (vectorDim: number) => arrowSchemaFor(TableRecord, vectorDim);
