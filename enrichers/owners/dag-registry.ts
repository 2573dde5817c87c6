import { posix } from 'node:path';
import type { OwnerFact } from '../../schemas/facts.js';
import { airflowOwners, ownerBeforeRecipients } from '../python/airflow-owners.js';
import { asArray, asRecord, asString, lineOf, readYaml } from '../dbt/yaml-located.js';
import type { TextFile } from './dbt-groups.js';

/** A DAG, who its definition says owns it, and the dbt selections its tasks run. */
export interface DagOwners {
  dag: string;
  owners: OwnerFact[];
  /** dbt node selectors (`orders`, `tag:daily`, `path:models/x`, `+orders+`) its commands run */
  selects: string[];
  file: string;
}

// a file that could define a DAG's defaults: tested before parsing each YAML or Python file
const HAS_DEFAULT_ARGS = /default_args/;

/**
 * Scheduler definitions kept as data: a registry (`dags.yaml`: DAG name -> its
 * default_args) or one YAML DAG definition per file (dag-factory style, the DAG named by
 * `dag_id` or the file). Owners come from `default_args.owner` / `email`, placeholders
 * like "airflow" dropped (airflow-owners.ts). Tables reach a DAG through their own
 * metadata (`scheduling: dag_name`) or through the dbt commands its tasks run.
 */
export function readYamlDags(files: TextFile[]): DagOwners[] {
  const out: DagOwners[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path) || !HAS_DEFAULT_ARGS.test(f.content)) continue;
    const doc = asRecord(readYaml(f.path, f.content).value);
    if (!doc) continue;
    if (asRecord(doc.default_args)) {
      const dag = asString(doc.dag_id) ?? posix.basename(f.path).replace(/\.ya?ml$/, '');
      out.push(dagOf(dag, doc, undefined, f.path));
      continue;
    }
    // several DAGs in one file; dag-factory's `default` block applies to each
    const shared = asRecord(asRecord(doc.default)?.default_args);
    for (const [name, value] of Object.entries(doc)) {
      const def = asRecord(value);
      if (name === 'default' || !def || !(asRecord(def.default_args) || shared)) continue;
      out.push(dagOf(asString(def.dag_id) ?? name, def, shared, f.path));
    }
  }
  return out;
}

function dagOf(dag: string, def: Record<string, unknown>, shared: Record<string, unknown> | undefined, file: string): DagOwners {
  const args = { ...(shared ?? {}), ...(asRecord(def.default_args) ?? {}) };
  const owner = asString(args.owner);
  const email = [...asArray(args.email), asString(args.email), asString(args.owner_email)].map(asString).filter((s): s is string => !!s);
  const at = { file, line: lineOf(def.default_args) ?? lineOf(def) ?? 1 };
  const owners = ownerBeforeRecipients(airflowOwners(owner, email, at, `DAG ${dag} default_args`));
  return { dag, owners, selects: dbtSelects(commandsIn(def)), file };
}

/** Every string under keys that hold shell commands or dbt arguments, at any depth. */
function commandsIn(value: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((v) => commandsIn(v, depth + 1));
  const rec = asRecord(value);
  if (!rec) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === 'string' && /command|dbt|select|models|args/i.test(k)) out.push(v);
    else if (typeof v === 'object' && v !== null) out.push(...commandsIn(v, depth + 1));
  }
  return out;
}

const SELECT_FLAG = /(?:^|\s)(?:-s|--select|-m|--models)\s+((?:["'][^"']*["']|[^\s-][^\s]*)(?:\s+(?:["'][^"']*["']|[^\s-][^\s]*))*)/g;

/**
 * dbt selectors named after `-s` / `--select` / `-m` / `--models` in commands, up to
 * the next flag. Only commands that run dbt count (or bare argument strings such as
 * `dbt_list_args: --select tag:x`).
 */
export function dbtSelects(commands: string[]): string[] {
  const out: string[] = [];
  for (const raw of commands) {
    const cmd = raw.replace(/\\\n/g, ' ');
    if (!/\bdbt\b/.test(cmd) && !/^\s*--?(s|select|m|models)\b/.test(cmd)) continue;
    for (const m of cmd.matchAll(SELECT_FLAG)) {
      for (const tok of m[1].replace(/["']/g, ' ').split(/[\s,]+/).filter(Boolean)) {
        const t = tok.trim();
        // shell control, templating and the next flag (even inside the quotes) end a selection
        if (!t || /^[;&|>-]/.test(t) || t.includes('{{')) break;
        if (!out.includes(t)) out.push(t);
      }
    }
  }
  return out;
}

const PY_DAG_ID = /\bdag_id\s*=\s*["']([^"']+)["']|\bDAG\(\s*["']([^"']+)["']|@dag\b[^\n]*\n\s*def\s+(\w+)/;
const PY_OWNER = /["']owner["']\s*:\s*["']([^"']+)["']|\bowner\s*=\s*["']([^"']+)["']/;
const PY_EMAIL = /["'](?:owner_)?email["']\s*:\s*["']([^"']+@[^"']+)["']|\b(?:owner_)?email\s*=\s*["']([^"']+@[^"']+)["']/;
const PY_STRING = /(["'])((?:(?!\1)[^\\\n]|\\.)*\bdbt\s+(?:run|build|seed|snapshot|test)\b(?:(?!\1)[^\\\n]|\\.)*)\1/g;

/**
 * Python DAG files that run dbt from a shell command (`BashOperator(bash_command="dbt run
 * -s orders")` and the like): the DAG's owner runs those models. Read with patterns
 * rather than the Python analyzer, which follows SQL a task runs, not the dbt CLI; one
 * DAG per file is the common case, and a file with no dbt command is skipped.
 */
export function readPythonDbtDags(files: TextFile[]): DagOwners[] {
  const out: DagOwners[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.py') || !/\bdbt\s+(run|build|seed|snapshot|test)\b/.test(f.content)) continue;
    const selects = dbtSelects([...f.content.matchAll(PY_STRING)].map((m) => m[2]));
    if (!selects.length) continue;
    const id = PY_DAG_ID.exec(f.content);
    const owner = PY_OWNER.exec(f.content);
    const email = PY_EMAIL.exec(f.content);
    const dag = id?.[1] ?? id?.[2] ?? id?.[3] ?? posix.basename(f.path, '.py');
    const line = owner ? f.content.slice(0, owner.index).split('\n').length : 1;
    const owners = ownerBeforeRecipients(airflowOwners(owner?.[1] ?? owner?.[2], email?.[1] ?? email?.[2], { file: f.path, line }, `DAG ${dag} default_args`));
    if (owners.length) out.push({ dag, owners, selects, file: f.path });
  }
  return out;
}
