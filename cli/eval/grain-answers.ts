import { posix } from 'node:path';
import { DbtRenderer } from '../../enrichers/dbt/jinja-renderer.js';
import { isDbtProjectFile, readProject, underPaths, type DbtProject } from '../../enrichers/dbt/project.js';
import type { GrainTruth } from './declarations.js';
import type { DbtModelFile } from './dbt-models.js';

/**
 * The grain answers as dbt runs them. dbt renders a test's arguments before it runs
 * the test, so a key written `{{ quote_column("plan") }}` is the column `plan`; and it
 * runs tests only on nodes it builds, so a test declared on a model the repo does not
 * hold (or disables) is no grain to infer.
 */

const JINJA = /\{\{|\{%/;
/** `"plan"`, `` `plan` ``, `[plan]`: an identifier quoted for the warehouse names the column plan */
const QUOTED = /^\s*(?:"([^"]+)"|`([^`]+)`|\[([^\]]+)\])\s*$/;

export function unquoteIdentifier(text: string): string {
  const m = QUOTED.exec(text);
  return (m ? (m[1] ?? m[2] ?? m[3]) : text).trim();
}

/** Each key column rendered with its project's vars and macros (as dbt renders test arguments), then unquoted. */
export function renderGrainAnswers(files: Map<string, string>, grain: GrainTruth[]): GrainTruth[] {
  const projects: DbtProject[] = [];
  for (const [path, content] of files) {
    if (!isDbtProjectFile({ path })) continue;
    const { project } = readProject(path, content);
    if (project) projects.push(project);
  }
  const renderers = new Map<DbtProject, DbtRenderer>();
  const rendererFor = (file: string): DbtRenderer | undefined => {
    const p = projects.filter((x) => x.root === '' || file.startsWith(x.root + '/')).sort((a, b) => b.root.length - a.root.length)[0];
    if (!p) return undefined;
    let r = renderers.get(p);
    if (!r) {
      const macros = [...files]
        .filter(([path]) => path.endsWith('.sql') && (p.root === '' || path.startsWith(p.root + '/')) && underPaths(p, path, p.macroPaths) !== undefined)
        .map(([path, content]) => ({ path, content }));
      r = new DbtRenderer(p.vars, macros, p.name);
      renderers.set(p, r);
    }
    return r;
  };
  return grain.map((g) => {
    if (!g.keys.some((k) => k.some((c) => JINJA.test(c) || QUOTED.test(c)))) return g;
    const render = (c: string) => (JINJA.test(c) ? rendererFor(g.file)?.renderText(g.file, c) ?? c : c);
    return { ...g, keys: g.keys.map((k) => k.map((c) => unquoteIdentifier(render(c)))) };
  });
}

/**
 * The answers whose node dbt builds: an enabled model found in the repo, a seed (a CSV
 * file of that name), or a snapshot block of that name. The rest are counted apart.
 */
export function builtGrainAnswers(files: Map<string, string>, grain: GrainTruth[], models: DbtModelFile[]): { kept: GrainTruth[]; notBuilt: GrainTruth[] } {
  // a versioned model's files are `<name>_v<n>.sql`
  const names = new Set(models.flatMap((m) => [stem(m.file), stem(m.file).replace(/_v\d+$/, '')]));
  for (const [path, content] of files) {
    if (path.endsWith('.csv')) names.add(stem(path));
    else if (path.endsWith('.sql')) for (const m of content.matchAll(/\{%-?\s*snapshot\s+(\w+)/g)) names.add(m[1].toLowerCase());
  }
  const kept: GrainTruth[] = [];
  const notBuilt: GrainTruth[] = [];
  for (const g of grain) (names.has(g.name.toLowerCase()) || g.style !== 'dbt' ? kept : notBuilt).push(g);
  return { kept, notBuilt };
}

const stem = (path: string) => posix.basename(path).replace(/\.[^.]+$/, '').toLowerCase();
