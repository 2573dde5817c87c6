/**
 * Secrets are removed from every prompt before it leaves the machine. The patterns
 * are deliberately greedy: a false positive costs the model a few characters of
 * context, a false negative leaks a credential to a third party.
 */
export const REDACTED = '[REDACTED]';

type Rule = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

const keep = (prefix: string) => prefix + REDACTED;

const RULES: Rule[] = [
  // PEM private key blocks, whatever the key type
  {
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: () => REDACTED,
  },
  // scheme://user:password@host: keep the scheme, user and host, drop the password
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:)[^\s@'"]+(@)/gi, replace: (_m, a, b) => a + REDACTED + b },
  // provider key shapes
  { pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g, replace: () => REDACTED },
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: () => REDACTED },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, replace: () => REDACTED },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, replace: () => REDACTED },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replace: () => REDACTED },
  // Authorization: Bearer <token>
  { pattern: /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_m, a) => keep(a) },
  // key = value / key: value for secret-looking keys (SQL options, YAML, .env, Python kwargs)
  {
    pattern:
      /((?:["']?)\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["']?\s*(?:=|:|=>)\s*)(?:"[^"\n]*"|'[^'\n]*'|[^\s,;)}\]'"]+)/gi,
    replace: (_m, a) => keep(a),
  },
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (...args: string[]) => string);
  return out;
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

/**
 * Query-log examples are shown to every agent: besides secrets, personal data in their
 * literals (emails, payment card numbers) is masked. A digit run counts as a card only
 * when its Luhn checksum holds, so order ids and timestamps stay.
 */
export function maskPersonalData(sql: string): string {
  return redactSecrets(sql)
    .replace(EMAIL, '[EMAIL]')
    .replace(CARD_LIKE, (m) => (luhn(m.replace(/\D/g, '')) ? '[CARD]' : m));
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
