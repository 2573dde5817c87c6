import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../../enrichers/model/redact.js';

describe('redactSecrets', () => {
  const cases: [string, string, string][] = [
    ['openai key', 'api_base_key_here sk-proj-abcdefghijklmnopqrstuvwx1234', 'sk-proj-abcdefghijklmnopqrstuvwx1234'],
    ['aws key id', "aws_id = 'AKIAIOSFODNN7EXAMPLE'", 'AKIAIOSFODNN7EXAMPLE'],
    ['github token', 'GH=ghp_0123456789abcdefghijABCDEFGHIJ', 'ghp_0123456789abcdefghijABCDEFGHIJ'],
    ['slack token', 'hook xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
    ['sql password option', "CREATE SERVER s OPTIONS (password='hunter2')", 'hunter2'],
    ['yaml pwd', 'pwd: s3cr3t-value', 's3cr3t-value'],
    ['env PASSWORD', 'DB_PASSWORD=Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['bearer', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', 'eyJhbGciOiJIUzI1NiJ9.payload.sig'],
    ['yaml token', '  token: abc123def456', 'abc123def456'],
    ['connection string', 'postgres://etl_user:pa55word@db.internal:5432/prod', 'pa55word'],
    [
      'private key',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
    ],
  ];
  for (const [label, text, secret] of cases) {
    it(`redacts ${label}`, () => {
      const out = redactSecrets(text);
      expect(out).not.toContain(secret);
      expect(out).toContain(REDACTED);
    });
  }

  it('keeps ordinary code intact', () => {
    const sql = 'select order_id, customer_id, sum(amount) as total from analytics.orders group by 1, 2';
    expect(redactSecrets(sql)).toBe(sql);
  });

  it('keeps user and host of a connection string', () => {
    expect(redactSecrets('mysql://reader:xyz@host/db')).toBe(`mysql://reader:${REDACTED}@host/db`);
  });
});
