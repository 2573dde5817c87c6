import { describe, expect, it } from 'vitest';
import { readYaml } from '../../enrichers/dbt/yaml-located.js';
import { analyze } from '../realworld/harness.js';

/** Nine levels of nine aliases: 387 million values once expanded. */
function aliasBomb(): string {
  let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) y += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return y + 'models:\n  - name: orders\n    description: *a8\n';
}

describe('a YAML alias bomb', () => {
  it('is one warning naming the file, and the rest of the project is read', async () => {
    const { tables, warnings } = await analyze({
      'dbt_project.yml': 'name: shop\n',
      'models/orders.sql': 'select order_id, amount from raw.orders',
      'models/bomb.yml': aliasBomb(),
      'models/schema.yml': 'models:\n  - name: orders\n    description: One row per order.\n',
    });
    expect(Object.keys(tables)).toContain('orders');
    const bomb = warnings.filter((w) => w.file === 'models/bomb.yml');
    expect(bomb).toHaveLength(1);
    expect(bomb[0].code).toBe('yaml-too-large');
  });

  it('leaves ordinary anchors and merge keys alone', () => {
    const { value, warnings } = readYaml('x.yml', 'base: &b { materialized: table }\nmodels:\n  - { name: a, config: { <<: *b, schema: s } }\n');
    expect(warnings).toEqual([]);
    expect((value as { models: { config: unknown }[] }).models[0].config).toEqual({ materialized: 'table', schema: 's' });
  });
});
