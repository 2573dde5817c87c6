import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGitRepo } from '../helpers/git-repo.js';
import { enrichDirect } from '../reader/shop-catalog.js';

/** Orders -> customers -> countries, a mart over them, and a deprecated copy of orders. */
export async function warehouse(): Promise<string> {
  const repo = await makeGitRepo([
    {
      author: { name: 'Ada Analyst', email: 'ada@example.com' },
      files: {
        'dbt/dbt_project.yml': `name: wh\nversion: '1.0'\nprofile: wh\n`,
        'dbt/models/sources.yml': `version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: orders\n      - name: customers\n      - name: countries\n`,
        'dbt/models/stg_orders.sql': `select id as order_id, customer_id, amount, created_at::date as order_date from {{ source('raw', 'orders') }}\n`,
        'dbt/models/stg_customers.sql': `select id as customer_id, name, country_code from {{ source('raw', 'customers') }}\n`,
        'dbt/models/stg_countries.sql': `select code as country_code, name as country_name, region from {{ source('raw', 'countries') }}\n`,
        'dbt/models/legacy_orders.sql': `select * from {{ ref('stg_orders') }}\n`,
        'dbt/models/schema.yml':
          'version: 2\nmodels:\n' +
          '  - name: stg_orders\n    description: One row per order placed in the web shop.\n    columns:\n      - name: order_id\n        tests: [unique, not_null]\n      - name: customer_id\n        tests:\n          - relationships:\n              to: ref(\'stg_customers\')\n              field: customer_id\n' +
          '  - name: stg_customers\n    description: Customers of the web shop.\n    columns:\n      - name: customer_id\n        tests: [unique]\n      - name: country_code\n        tests:\n          - relationships:\n              to: ref(\'stg_countries\')\n              field: country_code\n' +
          '  - name: stg_countries\n    description: Countries and their sales region.\n    columns:\n      - name: country_code\n        tests: [unique]\n' +
          '  - name: legacy_orders\n    description: Orders, the old copy.\n',
        'annotations/legacy.yml': 'table: legacy_orders\ndeprecated: true\nreplacedBy: stg_orders\ncaveats:\n  - Stopped updating in 2024.\n',
      },
    },
  ]);
  const db = join(mkdtempSync(join(tmpdir(), 'grainline-mcp-')), 'db');
  await enrichDirect(repo, db);
  return db;
}
