import { z } from 'zod';

/**
 * What a person who knows a table wrote about it, in annotations/*.yml. A file holds
 * one entry (top-level keys) or several (`tables:` list, or a top-level list).
 * Annotations are the top tier of the merge: they are never overwritten by inference.
 */

const text = z.string().trim().min(1);

export const AnnotationOwnerInput = z.union([
  text,
  z.object({ id: text, kind: z.enum(['user', 'team']).optional() }),
]);

export const AnnotationGrainInput = z.union([
  text, // a statement: "one row per order and day"
  z.array(text).min(1), // the columns
  z
    .object({ columns: z.array(text).min(1).optional(), statement: text.optional() })
    .refine((g) => g.columns || g.statement, { message: 'grain needs columns or a statement' }),
]);

export const AnnotationEntry = z.object({
  table: text,
  description: text.optional(),
  owners: z.array(AnnotationOwnerInput).default([]),
  grain: AnnotationGrainInput.optional(),
  caveats: z.array(text).default([]),
  deprecated: z.boolean().default(false),
  replacedBy: text.optional(),
  criticality: z.union([text, z.number()]).transform(String).optional(),
  freshness: text.optional(),
  pii: z.array(text).default([]),
  /** column name → note */
  columns: z.record(z.string(), text).default({}),
});
export type AnnotationEntryInput = z.input<typeof AnnotationEntry>;

export const ANNOTATION_FIELDS = Object.keys(AnnotationEntry.shape);

/** An entry after validation, with owners and grain in one shape and its position. */
export const Annotation = z.object({
  table: z.string(),
  file: z.string(),
  line: z.number().int().optional(),
  description: z.string().optional(),
  owners: z.array(z.object({ id: z.string(), kind: z.enum(['user', 'team']) })),
  grain: z.object({ columns: z.array(z.string()), statement: z.string().optional() }).optional(),
  caveats: z.array(z.string()),
  deprecated: z.boolean(),
  replacedBy: z.string().optional(),
  criticality: z.string().optional(),
  freshness: z.string().optional(),
  pii: z.array(z.string()),
  columns: z.record(z.string(), z.string()),
});
export type Annotation = z.infer<typeof Annotation>;
