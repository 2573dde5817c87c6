import { posix } from 'node:path';
import type { DbtProject } from './project.js';
import { asArray, asRecord, asString, readYaml } from './yaml-located.js';

/**
 * A project in the repo may install another one as a local package
 * (`packages: [{local: ../}]`, typically an integration-tests project). dbt runs the
 * package with the installing (root) project's vars over the package's own: its
 * global vars, then those scoped to the package's name. Those are the vars the
 * package's models are built with, so they decide what renders and what is enabled.
 */
export function withInstallerVars(projects: DbtProject[], files: { path: string; content: string }[]): void {
  const byRoot = new Map(projects.map((p) => [p.root, p]));
  for (const installer of projects) {
    for (const name of ['packages.yml', 'dependencies.yml']) {
      const path = posix.join(installer.root, name);
      const file = files.find((f) => f.path === path);
      if (!file) continue;
      for (const pkg of asArray(asRecord(readYaml(path, file.content).value)?.packages)) {
        const local = asString(asRecord(pkg)?.local);
        if (local === undefined) continue;
        const root = posix.normalize(posix.join(installer.root || '.', local)).replace(/\/+$/, '');
        const target = byRoot.get(root === '.' ? '' : root);
        if (!target || target === installer) continue;
        const globals = Object.fromEntries(Object.entries(installer.declaredVars).filter(([k]) => !asRecord(installer.declaredVars[k]) || k !== target.name));
        target.vars = { ...target.vars, ...globals, ...(asRecord(installer.declaredVars[target.name]) ?? {}) };
      }
    }
  }
}
