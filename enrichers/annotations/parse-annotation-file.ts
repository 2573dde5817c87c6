import { LineCounter, parseDocument } from 'yaml';
import { yamlOverLimit } from '../limits.js';
import type { z } from 'zod';
import { ANNOTATION_FIELDS, AnnotationEntry, type Annotation } from '../../schemas/annotation.js';
import type { Warning } from '../../schemas/facts.js';
import { ownerFromText } from './owner-kind.js';
import { formatPath, lineOfPath } from './yaml-position.js';

/** Spellings people use for a field, mapped to the schema's. */
const FIELD_ALIASES: Record<string, string> = {
  replaced_by: 'replacedBy',
  replacement: 'replacedBy',
  owner: 'owners',
  caveat: 'caveats',
  column_notes: 'columns',
};

/**
 * Annotations in one YAML file. Never throws: a broken file or an invalid entry becomes
 * a warning naming the file, the line and the field, and the file's valid entries load.
 */
export function parseAnnotationFile(file: string, content: string): { annotations: Annotation[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const annotations: Annotation[] = [];
  const over = yamlOverLimit(file, content);
  if (over) return { annotations, warnings: [over] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter, merge: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      warnings.push({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        code: 'annotation-yaml',
        message: `${file}: invalid YAML: ${error.message.split('\n')[0]}`,
      });
    }
    return { annotations, warnings };
  }
  const warn = (path: PropertyKey[], code: string, message: string) => {
    const line = lineOfPath(doc, lineCounter, path);
    warnings.push({ file, line, code, message: `${file}${line ? `:${line}` : ''}: ${message}` });
  };

  let root: unknown;
  try {
    root = doc.toJS(); // an alias to no anchor (`*x`) or past the alias count throws here, not in the parse
  } catch (err) {
    return { annotations, warnings: [{ file, code: 'annotation-yaml', message: `${file}: invalid YAML: ${(err as Error).message}` }] };
  }
  if (root === null || root === undefined) return { annotations, warnings };
  const entries = entriesOf(root);
  if (!entries) {
    warn([], 'annotation-shape', 'expected a `table:` entry, a `tables:` list or a list of entries');
    return { annotations, warnings };
  }

  for (const { value, path } of entries) {
    if (!isMapping(value)) {
      warn(path, 'annotation-invalid', `${formatPath(path) || 'entry'}: expected a mapping with a \`table\` field`);
      continue;
    }
    const entry: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const field = FIELD_ALIASES[key] ?? key;
      if (!ANNOTATION_FIELDS.includes(field)) {
        warn([...path, key], 'annotation-unknown-field', `${formatPath([...path, key])}: unknown field (ignored)`);
        continue;
      }
      // a single owner may be written without a list
      entry[field] = field === 'owners' && (typeof v === 'string' || isMapping(v)) ? [v] : v;
    }
    const parsed = AnnotationEntry.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = [...path, ...issue.path.map((p) => (typeof p === 'string' ? originalKey(value, p) : p))];
        warn(at, 'annotation-invalid', `${formatPath(at)}: ${issue.message}`);
      }
      continue;
    }
    annotations.push(toAnnotation(parsed.data, file, lineOfPath(doc, lineCounter, path)));
  }
  return { annotations, warnings };
}

function entriesOf(root: unknown): { value: unknown; path: PropertyKey[] }[] | undefined {
  if (Array.isArray(root)) return root.map((value, i) => ({ value, path: [i] }));
  if (typeof root !== 'object' || root === null) return undefined;
  const tables = (root as Record<string, unknown>).tables;
  if (Array.isArray(tables)) return tables.map((value, i) => ({ value, path: ['tables', i] }));
  if ('table' in root) return [{ value: root, path: [] }];
  return undefined;
}

/** The key as written in the file, so a warning points at `replaced_by`, not `replacedBy`. */
function originalKey(entry: object, field: string): string {
  if (field in entry) return field;
  return Object.keys(FIELD_ALIASES).find((k) => FIELD_ALIASES[k] === field && k in entry) ?? field;
}

function toAnnotation(entry: z.output<typeof AnnotationEntry>, file: string, line: number | undefined): Annotation {
  const grain = entry.grain;
  return {
    table: entry.table,
    file,
    line,
    description: entry.description,
    owners: entry.owners.map((o) =>
      typeof o === 'string' ? ownerFromText(o) : { id: o.id, kind: o.kind ?? ownerFromText(o.id).kind },
    ),
    grain:
      grain === undefined
        ? undefined
        : typeof grain === 'string'
          ? { columns: [], statement: grain }
          : Array.isArray(grain)
            ? { columns: grain }
            : { columns: grain.columns ?? [], statement: grain.statement },
    caveats: entry.caveats,
    deprecated: entry.deprecated || entry.replacedBy !== undefined,
    replacedBy: entry.replacedBy,
    criticality: entry.criticality,
    freshness: entry.freshness,
    pii: entry.pii,
    columns: entry.columns,
  };
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
