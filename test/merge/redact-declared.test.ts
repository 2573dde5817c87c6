import { describe, expect, it } from 'vitest';
import { mergeTable } from '../../enrichers/merge/merge-table.js';
import { maskPersonalData } from '../../enrichers/model/redact.js';
import { CanonicalExamples } from '../../enrichers/usage/canonical-examples.js';
import { ordersEntry } from './fixtures.js';

const TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('secrets in declared text never reach the catalog', () => {
  it('redacts descriptions, column docs and annotations, and says where without the secret', () => {
    const entry = ordersEntry();
    entry.facts[1].descriptions[0] = { text: `Orders. Load with token ${TOKEN} if stale.`, source: 'dbt-yaml', confidence: 0.9, file: 'models/schema.yml', line: 4 };
    entry.facts[1].columns[0] = { name: 'order_id', description: 'key; password: hunter2hunter2', source: 'dbt-yaml' };
    const rec = mergeTable(entry, {
      annotation: { table: 'analytics.orders', file: 'annotations/orders.yml', line: 1, owners: [], caveats: [`ask for api_key=${TOKEN}`], deprecated: false, pii: [], columns: {} },
    });
    const text = JSON.stringify(rec);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter2hunter2');
    expect(rec.description).toContain('[REDACTED]');
    const redactions = rec.warnings.filter((w) => w.message.startsWith('secret-redacted'));
    expect(redactions.map((w) => `${w.file}:${w.line ?? ''}`)).toEqual(['models/schema.yml:4', 'models/schema.yml:', 'annotations/orders.yml:']);
    for (const w of redactions) expect(w.message).not.toContain(TOKEN);
  });

  it('leaves clean text as it was, with no warning', () => {
    const rec = mergeTable(ordersEntry());
    expect(rec.description).toContain('All orders placed on the web shop.');
    expect(rec.warnings).toEqual([]);
  });
});

describe('query-log examples', () => {
  it('mask emails and card numbers in literals, but not ids or dates', () => {
    expect(maskPersonalData("select * from users where email = 'ana.lopez@example.com' and card = '4111 1111 1111 1111' and order_id = 1234567890123 and day = '2026-12-01'")).toBe(
      "select * from users where email = '[EMAIL]' and card = '[CARD]' and order_id = 1234567890123 and day = '2026-12-01'",
    );
  });

  it('are stored masked', () => {
    const ex = new CanonicalExamples();
    ex.add('k', "select * from users where email = 'bo@example.com'", 'dashboard');
    expect(ex.top(1)[0].sql).toContain("'[EMAIL]'");
  });
});
