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
