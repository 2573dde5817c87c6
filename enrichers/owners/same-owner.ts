/**
 * `@alice`, `alice@shop.test` and `org/alice` name one person when telling how often
 * one piece of owner evidence (a DAG's owner, a CODEOWNERS rule) agrees with the
 * owners tables declare: declarations mix handles and emails.
 */
export const looseOwnerKey = (id: string): string => id.trim().toLowerCase().replace(/^@/, '').split('@')[0].split('/').pop()!;

export const sameOwnerLoosely = (a: string, b: string): boolean => looseOwnerKey(a) === looseOwnerKey(b);
