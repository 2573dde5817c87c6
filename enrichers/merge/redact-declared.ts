import type { Annotation } from '../../schemas/annotation.js';
import type { TableFact } from '../../schemas/facts.js';
import type { TableRecord } from '../../schemas/table-record.js';
import { redactSecrets } from '../model/redact.js';

type RecordWarning = TableRecord['warnings'][number];

/**
 * Declared text reaches every agent and the embedding: a credential pasted into a
 * description is redacted here, before the record is built, with the same rules the
 * model path uses. Each redaction is a warning naming where it was, never the secret.
 */
export function redactDeclared(facts: TableFact[], annotation: Annotation | null, files: string[]): { facts: TableFact[]; annotation: Annotation | null; warnings: RecordWarning[] } {
  const warnings: RecordWarning[] = [];
  const clean = (text: string, where: string, file: string | undefined, line?: number): string => {
    const out = redactSecrets(text);
    if (out !== text) warnings.push({ file: file ?? '(unknown)', line, message: `secret-redacted: a secret-looking value in ${where} was replaced by [REDACTED]` });
    return out;
  };
  const docsFile = files.find((f) => /\.ya?ml$/.test(f)) ?? files[0];
  const cleanFacts = facts.map((f) => ({
    ...f,
    descriptions: f.descriptions.map((d) => ({ ...d, text: clean(d.text, `the description of ${f.name}`, d.file, d.line) })),
    // a column fact does not say its file: the table's properties file, where column docs live
    columns: f.columns.map((c) => (c.description ? { ...c, description: clean(c.description, `the description of column ${c.name}`, docsFile) } : c)),
  }));
  const cleanAnnotation = annotation && {
    ...annotation,
    description: annotation.description && clean(annotation.description, 'the annotation description', annotation.file, annotation.line),
    caveats: annotation.caveats.map((c) => clean(c, 'an annotation caveat', annotation.file)),
    columns: Object.fromEntries(Object.entries(annotation.columns).map(([k, v]) => [k, clean(v, `the annotation of column ${k}`, annotation.file)])),
  };
  return { facts: cleanFacts, annotation: cleanAnnotation, warnings };
}
