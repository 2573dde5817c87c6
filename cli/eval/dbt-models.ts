import { renderDbtProjects } from '../../enrichers/dbt/dbt-file-facts.js';
import type { RenderedNode } from '../../enrichers/dbt/model-facts.js';
import { isDbtProjectFile, readProject, underPaths, type DbtProject } from '../../enrichers/dbt/project.js';
import { rawCalls } from '../../enrichers/dbt/raw-calls.js';
import type { PythonParser } from '../../enrichers/python/parser.js';

/** A dbt model file as the repo declares it, with the ref()/source() calls written in it. */
export interface DbtModelFile {
  file: string;
  /** table names it reads: the last argument of each ref(), the table of each source() */
  reads: string[];
  /**
   * The same, read literally from the file (every call written, in any branch). The
   * rendered answer uses Grainline's own renderer, so a render mistake could drop a ref
   * from the answer too; this one cannot, and `lineageWritten` scores against it.
   */
  written: string[];
}

const JINJA_COMMENT = /\{#[\s\S]*?#\}/g;
const VAR_CALL = /\bvar\s*\(\s*['"]([^'"]+)['"]/g;

/**
 * The answer for "every model is found" and for ref-level lineage, as dbt's manifest
 * has it: every .sql and .py file under a project's model paths (installed packages
 * excluded) that the project's own configuration leaves enabled, with the refs and
 * sources of the Jinja branches dbt renders (a ref built in a loop counts, a ref in
 * an `{% if var(...) %}` branch the project's vars do not take does not). A model that
 * does not render, and a Python model, is read literally: every ref()/source() written
 * in it, and a ref written in a var's value for the models that read the var.
 */
export function dbtModelFiles(files: Map<string, string>, python?: PythonParser): DbtModelFile[] {
  const rendered = new Map<string, RenderedNode>();
  const repoFiles = [...files].map(([path, content]) => ({ path, content }));
  // with the Python parser a Python model's `dbt.config(enabled=False)` is read too: dbt builds no such model
  for (const n of renderDbtProjects(repoFiles.filter((f) => !/(^|\/)(dbt_packages|dbt_modules)\//.test(f.path)), python).nodes) rendered.set(n.file, n);
  const literal = literalModelFiles(files);
  return literal.flatMap((m) => {
    const node = rendered.get(m.file);
    if (!node || node.renderError || node.sql === undefined) return [m];
    // disabled by the project's own vars or config: dbt builds no such model
    if (node.config.enabled === false) return [];
    const reads = [...node.refs.map((r) => r.args[r.args.length - 1] ?? ''), ...node.sources.map((s) => s.args[1])].filter(Boolean);
    return [{ file: m.file, reads: [...new Set(reads)], written: m.written }];
  });
}

/** Every model file, with the ref()/source() calls written in it, read literally. */
function literalModelFiles(files: Map<string, string>): DbtModelFile[] {
  const projects: DbtProject[] = [];
  for (const [path, content] of files) {
    if (!isDbtProjectFile({ path }) || /(^|\/)(dbt_packages|dbt_modules)\//.test(path)) continue;
    const { project } = readProject(path, content);
    if (project) projects.push(project);
  }
  // dbt renders a var's value, so a model reading `var('x')` where the project sets
  // x: "{{ ref('y') }}" reads y (packages point models at their inputs this way)
  const varReads = new Map<string, string[]>();
  const addVars = (vars: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (typeof v === 'string' && !varReads.has(k)) varReads.set(k, readsOf(v));
      // a scope (vars: {package_name: {...}}) sets another project's vars
      else if (v && typeof v === 'object' && !Array.isArray(v)) addVars(v as Record<string, unknown>);
    }
  };
  for (const p of projects) addVars(p.declaredVars);
  const out: DbtModelFile[] = [];
  for (const [path, content] of files) {
    if (!/\.(sql|py)$/.test(path) || /(^|\/)(dbt_packages|dbt_modules|target)\//.test(path)) continue;
    const owner = projects
      .filter((p) => p.root === '' || path.startsWith(p.root + '/'))
      .sort((a, b) => b.root.length - a.root.length)[0];
    if (!owner || underPaths(owner, path, owner.modelPaths) === undefined) continue;
    const viaVars = [...content.matchAll(VAR_CALL)].flatMap((m) => varReads.get(m[1]) ?? []);
    const reads = [...new Set([...readsOf(content), ...viaVars])];
    out.push({ file: path, reads, written: reads });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

function readsOf(content: string): string[] {
  const reads = new Set<string>();
  for (const call of rawCalls(content.replace(JINJA_COMMENT, ''))) {
    const name = call.kind === 'source' ? call.args[1] : call.args.at(-1);
    if (name) reads.add(name);
  }
  return [...reads];
}
