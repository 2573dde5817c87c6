import { describe, expect, it } from 'vitest';
import { findCodeownersFile, ownersForPath, parseCodeowners } from '../../enrichers/owners/codeowners.js';

const ids = (content: string, path: string) =>
  ownersForPath(parseCodeowners('CODEOWNERS', content).rules, path).map((o) => o.id);

describe('CODEOWNERS patterns', () => {
  it('a slash-free pattern matches at any depth, files and directories', () => {
    expect(ids('*.sql @sql', 'models/marts/orders.sql')).toEqual(['@sql']);
    expect(ids('*.sql @sql', 'orders.sql')).toEqual(['@sql']);
    expect(ids('*.sql @sql', 'orders.sqlx')).toEqual([]);
    expect(ids('staging @stg', 'a/staging/b/c.sql')).toEqual(['@stg']);
    expect(ids('staging @stg', 'a/stagingx/c.sql')).toEqual([]);
  });

  it('a leading slash anchors to the root', () => {
    expect(ids('/models @m', 'models/x.sql')).toEqual(['@m']);
    expect(ids('/models @m', 'dbt/models/x.sql')).toEqual([]);
  });

  it('a slash in the middle anchors too', () => {
    expect(ids('models/marts @m', 'models/marts/x.sql')).toEqual(['@m']);
    expect(ids('models/marts @m', 'dbt/models/marts/x.sql')).toEqual([]);
  });

  it('a trailing slash matches a directory and everything below, at any depth', () => {
    expect(ids('apps/ @o', 'apps/a.py')).toEqual(['@o']);
    expect(ids('apps/ @o', 'x/apps/deep/a.py')).toEqual(['@o']);
    // a file called apps is not a directory
    expect(ids('apps/ @o', 'apps')).toEqual([]);
    expect(ids('/build/logs/ @o', 'build/logs/x/y.log')).toEqual(['@o']);
    expect(ids('/build/logs/ @o', 'src/build/logs/y.log')).toEqual([]);
  });

  it('dir/* matches only direct children', () => {
    expect(ids('docs/* d@example.com', 'docs/intro.md')).toEqual(['d@example.com']);
    expect(ids('docs/* d@example.com', 'docs/build/trouble.md')).toEqual([]);
  });

  it('** spans any number of directories', () => {
    expect(ids('**/logs @l', 'logs/a.txt')).toEqual(['@l']);
    expect(ids('**/logs @l', 'deeply/nested/logs/a.txt')).toEqual(['@l']);
    expect(ids('/dags/**/etl_*.py @e', 'dags/etl_a.py')).toEqual(['@e']);
    expect(ids('/dags/**/etl_*.py @e', 'dags/x/y/etl_a.py')).toEqual(['@e']);
    expect(ids('/dags/**/etl_*.py @e', 'dags/x/y/load_a.py')).toEqual([]);
    expect(ids('/jobs/** @j', 'jobs/a/b/c.py')).toEqual(['@j']);
  });

  it('* and ? stay within one segment', () => {
    expect(ids('/models/*.sql @m', 'models/a/b.sql')).toEqual([]);
    expect(ids('/models/?.sql @m', 'models/a.sql')).toEqual(['@m']);
    expect(ids('/models/?.sql @m', 'models/ab.sql')).toEqual([]);
  });

  it('escaped # and escaped spaces are literal', () => {
    expect(ids('\\#notes.md @n', 'x/#notes.md')).toEqual(['@n']);
    expect(ids('/my\\ file.sql @s', 'my file.sql')).toEqual(['@s']);
  });

  it('dots are literal, not regex wildcards', () => {
    expect(ids('/a.sql @a', 'abSql')).toEqual([]);
  });
});

describe('CODEOWNERS precedence', () => {
  const file = [
    '# default owners',
    '*       @acme/data-platform',
    '',
    '/models/marts/   @acme/analytics  alice@acme.com',
    '/models/marts/finance/',
    '*.yml   @yaml-person   # inline comment',
  ].join('\n');

  it('the last matching rule wins', () => {
    expect(ids(file, 'models/marts/orders.sql')).toEqual(['@acme/analytics', 'alice@acme.com']);
    expect(ids(file, 'models/marts/orders.yml')).toEqual(['@yaml-person']);
    expect(ids(file, 'dags/x.py')).toEqual(['@acme/data-platform']);
  });

  it('a later rule without owners un-owns', () => {
    expect(ids(file, 'models/marts/finance/revenue.sql')).toEqual([]);
  });

  it('facts carry kind, source, confidence, line and pattern', () => {
    const { rules } = parseCodeowners('.github/CODEOWNERS', file);
    expect(ownersForPath(rules, 'models/marts/orders.sql')).toEqual([
      {
        id: '@acme/analytics',
        kind: 'team',
        source: 'codeowners',
        confidence: 0.9,
        file: '.github/CODEOWNERS',
        line: 4,
        detail: '/models/marts/',
      },
      {
        id: 'alice@acme.com',
        kind: 'user',
        source: 'codeowners',
        confidence: 0.9,
        file: '.github/CODEOWNERS',
        line: 4,
        detail: '/models/marts/',
      },
    ]);
  });
});

describe('CODEOWNERS bad lines', () => {
  it('warns with the line number and keeps the other rules', () => {
    const content = ['* @all', '!/keep @x', '/src/[ab].py @y', '/dags/ not-an-owner', '/dags/ @dags'].join('\n');
    const { rules, warnings } = parseCodeowners('CODEOWNERS', content);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [2, 'codeowners-bad-pattern'],
      [3, 'codeowners-bad-pattern'],
      [4, 'codeowners-bad-owner'],
    ]);
    expect(rules.map((r) => r.line)).toEqual([1, 5]);
    expect(ownersForPath(rules, 'dags/a.py').map((o) => o.id)).toEqual(['@dags']);
  });

  it('never throws on odd input', () => {
    const { rules, warnings } = parseCodeowners('CODEOWNERS', '\u0000\n\\\n/x\\ @a\n   \n#');
    expect(rules.length + warnings.length).toBeGreaterThan(0);
  });
});

describe('findCodeownersFile', () => {
  it('follows GitHub order: .github/, root, docs/', () => {
    expect(findCodeownersFile(['docs/CODEOWNERS', 'CODEOWNERS', '.github/CODEOWNERS'])).toBe('.github/CODEOWNERS');
    expect(findCodeownersFile(['docs/CODEOWNERS', 'CODEOWNERS'])).toBe('CODEOWNERS');
    expect(findCodeownersFile(['docs/CODEOWNERS', 'src/CODEOWNERS'])).toBe('docs/CODEOWNERS');
    expect(findCodeownersFile(['src/CODEOWNERS'])).toBeUndefined();
  });
});

describe('CODEOWNERS speed', () => {
  it('matches 100k paths against 300 rules in seconds', () => {
    const lines = ['* @acme/all'];
    for (let i = 0; i < 300; i++) {
      const form = i % 4;
      if (form === 0) lines.push(`/project/dataset_${i}/ @team-${i}`);
      else if (form === 1) lines.push(`dataset_${i}/*.sql @acme/t${i}`);
      else if (form === 2) lines.push(`**/table_${i}_* u${i}@acme.com`);
      else lines.push(`/dags/dag_${i}.py @dag-${i}`);
    }
    const { rules } = parseCodeowners('CODEOWNERS', lines.join('\n'));
    const start = performance.now();
    let owned = 0;
    for (let i = 0; i < 100_000; i++) {
      if (ownersForPath(rules, `project/dataset_${i % 400}/table_${i}/query.sql`).length > 0) owned++;
    }
    const ms = performance.now() - start;
    console.log(`codeowners: 100k paths x ${rules.length} rules in ${ms.toFixed(0)} ms`);
    expect(owned).toBe(100_000);
    expect(ms).toBeLessThan(10_000);
  });
});
