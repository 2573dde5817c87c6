import type { Annotation } from '../../schemas/annotation.js';

type AnnotationOwner = Annotation['owners'][number];

/**
 * An owner written as a bare string: emails and `@handle`s are people, `org/team`
 * handles and plain names (`data-platform`) are teams, since people are named by handle.
 */
export function ownerFromText(id: string): AnnotationOwner {
  if (id.includes('/')) return { id, kind: 'team' };
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(id) || /^@[\w.-]+$/.test(id)) return { id, kind: 'user' };
  return { id, kind: 'team' };
}
