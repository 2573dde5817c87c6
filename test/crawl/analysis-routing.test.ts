import { describe, expect, it } from 'vitest';
import { dbtScope, standaloneAnalyzer } from '../../enrichers/catalog/routing.js';
import { analysisUnits } from '../../activities/analysis-units.js';
import type { RepoFile } from '../../infra/git/repo-files.js';

const file = (path: string, content: string): RepoFile => ({ path, content, sha: path });

// A real DAG (airflow import) and a helper that only says "dag" in a comment: the
// parallel analysis once tested a looser pattern than the crawl, so the helper was
// cut out as a DAG unit with template context that no analyzer would ever read.
const realDag = file('dags/load.py', 'from airflow import DAG\nSQL = "sql/load.sql"\n');
const helper = file('dags/util.py', '# shared by every dag here, like the one loading sql/load.sql\nRETRIES = 3\n');
const template = file('dags/sql/load.sql', 'insert into analytics.loaded select * from raw.orders;\n');

describe('one routing table for the crawl and the parallel analysis', () => {
  it('routes a file by what its analyzer recognises, not by a word in a comment', () => {
    expect(standaloneAnalyzer(realDag)).toBe('airflow');
    expect(standaloneAnalyzer(helper)).toBeUndefined();
    expect(standaloneAnalyzer(template)).toBe('sql');
    expect(standaloneAnalyzer(file('jobs/agg.scala', 'spark.sql("select 1")'))).toBe('scala-spark');
    expect(standaloneAnalyzer(file('jobs/Util.scala', 'object Util'))).toBeUndefined();
  });

  it('gives template context only to units an Airflow analyzer will read', () => {
    const units = analysisUnits([realDag, helper, template]);
    const withContext = units.filter((u) => u.context.length).map((u) => u.owned.map((f) => f.path));
    expect(withContext).toEqual([['dags/load.py']]);
  });

  it('a dbt project at the repo root claims every file; one in a folder only that folder', () => {
    expect(dbtScope([file('dbt_project.yml', '')])('anything/x.sql')).toBe(true);
    const inShop = dbtScope([file('shop/dbt_project.yml', '')]);
    expect(inShop('shop/models/a.sql')).toBe(true);
    expect(inShop('shopfront/a.sql')).toBe(false);
  });
});
