import { beforeAll, expect, test } from 'vitest';
import { findDags } from '../../enrichers/python/airflow-dags.js';
import { findTaskEdges } from '../../enrichers/python/airflow-deps.js';
import { findTasks } from '../../enrichers/python/airflow-tasks.js';
import { Bindings } from '../../enrichers/python/bindings.js';
import { neutralizeJinja } from '../../enrichers/python/jinja.js';
import { loadPythonParser, withPythonTree, type PythonParser } from '../../enrichers/python/parser.js';
import { evaluate, PyDict, UNRESOLVED } from '../../enrichers/python/values.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

/** The value of the last assignment's right-hand side in `src`. */
function valueOf(src: string): unknown {
  return withPythonTree(parser, src, (root) => {
    const last = root.namedChildren.at(-1)!.namedChild(0)!;
    return evaluate(last.childForFieldName('right'), { bindings: new Bindings(root), file: 'dags/x/d.py' });
  });
}

test.each([
  ['x = "a" "b" + \'c\'', 'abc'],
  ['x = """\nSELECT 1\n"""', '\nSELECT 1\n'],
  ['T = "t"\nx = f"FROM {T} WHERE a = \'{{{{ ds }}}}\' AND b = {n}"', `FROM t WHERE a = '{{ ds }}' AND b = ${UNRESOLVED}`],
  ['x = "{}.{t}".format("db", t="orders")', 'db.orders'],
  ['x = "INSERT INTO %s" % ("db.t",)', 'INSERT INTO db.t'],
  ['x = r"a\\nb"', 'a\\nb'],
  ['x = "a\\tb"', 'a\tb'],
  ['x = os.getenv("DS", "analytics") + ".orders"', 'analytics.orders'],
  ['x = os.path.join(os.path.dirname(__file__), "sql")', 'dags/x/sql'],
  ['x = b"bytes"', undefined],
])('evaluate %s', (src, expected) => {
  const v = valueOf(src);
  expect(typeof v === 'string' ? v : undefined).toBe(expected);
});

test('dict literal with splat and a later key winning', () => {
  const v = valueOf('BASE = {"owner": "a", "retries": 1}\nx = {**BASE, "owner": "b"}');
  expect(v instanceof PyDict ? Object.fromEntries(v.entries) : v).toEqual({ owner: 'b', retries: 1 });
});

test('jinja: string literals get a word, bare expressions params or the placeholder, tags vanish', () => {
  const params = new PyDict(new Map([['schema', 'mart']]));
  expect(neutralizeJinja("SELECT * FROM {{ params.schema }}.t WHERE d = '{{ macros.ds_add(ds, -1) }}' {% if x %}AND y{% endif %}{# c #}", params)).toBe(
    "SELECT * FROM mart.t WHERE d = 'jinja' AND y",
  );
  expect(neutralizeJinja('FROM `{{ var.value.project }}.ds.t`')).toBe(`FROM \`${UNRESOLVED}.ds.t\``);
  expect(neutralizeJinja('unclosed {{ ds')).toBe('unclosed {{ ds');
});

test('task ordering: >>, <<, lists, chain pairs, cross_downstream, set_upstream/set_downstream', () => {
  const src = `
with DAG("d") as dag:
    a = EmptyOperator(task_id="a")
    b = EmptyOperator(task_id="b")
    c = EmptyOperator(task_id="c")
    d = EmptyOperator(task_id="d")
    e = EmptyOperator(task_id="e")
    f = EmptyOperator(task_id="f")
    a >> [b, c] >> d
    e << d
    chain([a, b], [e, f])
    cross_downstream([a], [f])
    f.set_upstream(c)
    c.set_downstream(e)
`;
  const edges = withPythonTree(parser, src, (root) => {
    const ctx = { bindings: new Bindings(root), file: 'd.py' };
    const tasks = findTasks(root, findDags(root, ctx), ctx);
    return findTaskEdges(root, tasks, ctx.bindings).map((x) => `${x.from.id}>${x.to.id}`);
  });
  expect(edges.sort()).toEqual(['a>b', 'a>c', 'a>e', 'a>f', 'b>d', 'b>f', 'c>d', 'c>e', 'c>f', 'd>e'].sort());
});
