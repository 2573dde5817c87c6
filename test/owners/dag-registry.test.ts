import { describe, expect, it } from 'vitest';
import { dbtSelects, readPythonDbtDags, readYamlDags } from '../../enrichers/owners/dag-registry.js';

describe('readYamlDags', () => {
  it('a registry file maps each DAG name to its default_args owner and email', () => {
    // proves: several DAGs in one file, placeholder owner "airflow" dropped, email kept
    const dags = readYamlDags([
      {
        path: 'dags.yaml',
        content: [
          'nightly_orders:',
          '  schedule_interval: 0 3 * * *',
          '  default_args:',
          '    owner: lena@shop.test',
          '    email: [lena@shop.test, orders-alerts@shop.test]',
          'hourly_misc:',
          '  default_args:',
          '    owner: airflow',
          '',
        ].join('\n'),
      },
    ]);
    expect(dags.map((d) => [d.dag, d.owners.map((o) => o.id)])).toEqual([
      ['nightly_orders', ['lena@shop.test', 'orders-alerts@shop.test']],
      ['hourly_misc', []],
    ]);
    expect(dags[0].owners[0]).toMatchObject({ source: 'airflow', confidence: 0.7, file: 'dags.yaml' });
  });

  it('a one-DAG YAML definition is named by its file and lists the dbt selections its tasks run', () => {
    // proves: dag-factory style files; selectors from bash commands and dbt_list_args
    const [dag] = readYamlDags([
      {
        path: 'orchestrate/yaml_dags/loans_daily.yml',
        content: [
          'default_args:',
          '  owner: Priya Raman',
          'nodes:',
          '  load:',
          '    dbt_list_args: "--select tag:loans_raw"',
          '  build:',
          '    bash_command: "dbt build -s stg_loans+ --target prd"',
          '',
        ].join('\n'),
      },
    ]);
    expect(dag.dag).toBe('loans_daily');
    expect(dag.owners.map((o) => o.id)).toEqual(['Priya Raman']);
    expect(dag.selects).toEqual(['tag:loans_raw', 'stg_loans+']);
  });
});

describe('dbtSelects', () => {
  it('reads every selector after -s/--select/-m up to the next flag, ignoring non-dbt commands', () => {
    // proves: multiple selectors, quoting, and a non-dbt command with -s are handled
    expect(dbtSelects(['dbt run -m orders customers --exclude x', "dbt build --select 'tag:a+ tag:b -t prd'", 'grep -s foo'])).toEqual([
      'orders',
      'customers',
      'tag:a+',
      'tag:b',
    ]);
  });
});

describe('readPythonDbtDags', () => {
  it('a Python DAG running dbt from a bash command gives its owner to the models it selects', () => {
    // proves: dag_id, default_args owner and the dbt selection are read from the DAG file
    const [dag] = readPythonDbtDags([
      {
        path: 'dags/finance.py',
        content: [
          'from airflow import DAG',
          'default_args = {"owner": "omar@shop.test", "retries": 1}',
          'with DAG(dag_id="finance_daily", default_args=default_args) as dag:',
          '    BashOperator(task_id="run", bash_command="dbt run -s fct_invoices")',
          '',
        ].join('\n'),
      },
    ]);
    expect(dag).toMatchObject({ dag: 'finance_daily', selects: ['fct_invoices'] });
    expect(dag.owners.map((o) => o.id)).toEqual(['omar@shop.test']);
  });
});
