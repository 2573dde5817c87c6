import type { Annotation } from '../../schemas/annotation.js';
import type { Annotations } from '../../schemas/table-record.js';
import { definedOnly } from './rank.js';

/** The part of an annotation the record carries as `annotations` (the rest is merged into fields). */
export function annotationsRecord(a: Annotation): Annotations {
  return definedOnly({
    file: a.file,
    description: a.description,
    caveats: a.caveats,
    deprecated: a.deprecated,
    replacedBy: a.replacedBy,
    criticality: a.criticality,
    freshness: a.freshness,
    pii: a.pii,
    columns: a.columns,
  });
}
