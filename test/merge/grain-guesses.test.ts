import { describe, expect, it } from 'vitest';
import { mergeGrain } from '../../enrichers/merge/grain.js';
import { TableFact, type GrainFact } from '../../schemas/facts.js';

const facts = (...grain: GrainFact[]) => [TableFact.parse({ name: 't', defines: true, grain })];

describe('grain precedence', () => {
  it('a naming guess loses to the coding model, which read the code', () => {
    const g = mergeGrain(facts({ columns: ['id'], source: 'heuristic', confidence: 0.5 }, { columns: ['order_id'], source: 'model', confidence: 0.7 }), null);
    expect(g.grain).toMatchObject({ columns: ['order_id'], source: 'model' });
    expect(g.conflicts).toHaveLength(1);
  });

  it('parsed SQL still wins over the model', () => {
    const g = mergeGrain(facts({ columns: ['order_id'], source: 'model', confidence: 0.9 }, { columns: ['day'], source: 'sql', confidence: 0.7 }), null);
    expect(g.grain).toMatchObject({ columns: ['day'], source: 'sql' });
  });
});
