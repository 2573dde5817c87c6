import { describe, expect, it } from 'vitest';
import { FALLBACK_CONFIDENCE, fallbackGrain, type FallbackInput } from '../../enrichers/catalog/grain-fallback.js';
import { lineOfParent } from '../../enrichers/catalog/grain-fallback-lines.js';
import { entityNames } from '../../enrichers/catalog/grain-naming.js';

const input = (id: string, ordered: string[], more: Partial<FallbackInput> = {}): FallbackInput => ({
  entities: entityNames(id),
  ordered,
  manyPerEntity: false,
  joined: false,
  ...more,
});

describe('grain fallback: a line number qualifies the leading id', () => {
  it('reads the line column named after the parent or bare, never an unrelated one', () => {
    expect(lineOfParent('charge_id', ['charge_id', 'charge_row_num', 'source_index'])).toBe('charge_row_num');
    expect(lineOfParent('journal_id', ['journal_id', 'journal_line_id', 'account_id'])).toBe('journal_line_id');
    expect(lineOfParent('claim_id', ['claim_id', 'line_number'])).toBe('line_number');
    // a bare line_id is often the key alone (ol-data-platform's order lines)
    expect(lineOfParent('order_id', ['order_id', 'line_id', 'platform'])).toBeUndefined();
    // another parent's line number does not number this one's rows
    expect(lineOfParent('order_id', ['order_id', 'invoice_line_number'])).toBeUndefined();
    expect(lineOfParent('person_id', ['person_id', 'payer', 'plan'])).toBeUndefined();
  });

  it('tuva-style claim lines: claim_id with claim_line_number, not claim_id alone', () => {
    // tuva input_layer__medical_claim's select list opens: claim_id, claim_line_number, claim_type, person_id
    const k = fallbackGrain(input('input_layer__medical_claim', ['claim_id', 'claim_line_number', 'claim_type', 'person_id']));
    expect(k?.columns).toEqual(['claim_id', 'claim_line_number']);
    expect(k?.confidence).toBe(FALLBACK_CONFIDENCE.leadingId);
    expect(fallbackGrain(input('int_claim_flags', ['claim_id', 'claim_line_number'], { joined: true }))?.confidence).toBe(FALLBACK_CONFIDENCE.leadingIdJoined);
  });

  it('keys a table named for many rows per entity too (recharge__charge_line_item_history)', () => {
    // Spider2 recharge: the answer is [charge_id, charge_row_num]
    const k = fallbackGrain(input('recharge__charge_line_item_history', ['charge_id', 'charge_row_num', 'source_index', 'charge_created_at'], { manyPerEntity: true }));
    expect(k?.columns).toEqual(['charge_id', 'charge_row_num']);
    // without a line column such a table still gets no leading-id guess
    expect(fallbackGrain(input('recharge__charge_history', ['charge_id', 'charge_created_at'], { manyPerEntity: true }))).toBeUndefined();
  });
});
