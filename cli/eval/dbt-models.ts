import { isDbtProjectFile, readProject, underPaths, type DbtProject } from '../../enrichers/dbt/project.js';
import { rawCalls } from '../../enrichers/dbt/raw-calls.js';

/** A dbt model file as the repo declares it, with the ref()/source() calls written in it. */
export interface DbtModelFile {
  file: string;
  /** table names it reads: the last argument of each ref(), the table of each source() */
  reads: string[];
}

const JINJA_COMMENT = /\{#[\s\S]*?#\}/g;
const VAR_CALL = /\bvar\s*\(\s*['"]([^'"]+)['"]/g;

/**
 * The answer for "every model is found" and for ref-level lineage: every .sql and .py
 * file under a project's model paths (installed packages excluded), read literally.
 * A ref built in a loop or from a computed name cannot be read this way and is left out
 * of the answer; a ref written in a var's value counts for the models that read the var.
 */
export function dbtModelFiles(files: Map<string, string>): DbtModelFile[] {
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
    out.push({ file: path, reads: [...new Set([...readsOf(content), ...viaVars])] });
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
