import { posix } from 'node:path';
import type { DbtProject } from './project.js';
import { asArray, asRecord, asString, readYaml } from './yaml-located.js';

/**
 * A project in the repo may install another one as a local package
 * (`packages: [{local: ../}]`: an integration-tests project, or a monorepo's shared
 * macros). Each pair is an installer and the project it installs.
 */
export function localInstalls(projects: DbtProject[], files: { path: string; content: string }[]): { installer: DbtProject; pkg: DbtProject }[] {
  const byRoot = new Map(projects.map((p) => [p.root, p]));
  const out: { installer: DbtProject; pkg: DbtProject }[] = [];
  for (const installer of projects) {
    for (const name of ['packages.yml', 'dependencies.yml']) {
      const path = posix.join(installer.root, name);
      const file = files.find((f) => f.path === path);
      if (!file) continue;
      for (const entry of asArray(asRecord(readYaml(path, file.content).value)?.packages)) {
        const local = asString(asRecord(entry)?.local);
        if (local === undefined) continue;
        const root = posix.normalize(posix.join(installer.root || '.', local)).replace(/\/+$/, '');
        const pkg = byRoot.get(root === '.' ? '' : root);
        if (pkg && pkg !== installer) out.push({ installer, pkg });
      }
    }
  }
  return out;
}

/**
 * dbt runs a package with the installing (root) project's vars over the package's own:
 * its global vars, then those scoped to the package's name. Those are the vars the
 * package's models are built with, so they decide what renders and what is enabled.
 */
export function withInstallerVars(installs: { installer: DbtProject; pkg: DbtProject }[]): void {
  for (const { installer, pkg } of installs) {
    const globals = Object.fromEntries(Object.entries(installer.declaredVars).filter(([k]) => !asRecord(installer.declaredVars[k]) || k !== pkg.name));
    pkg.vars = { ...pkg.vars, ...globals, ...(asRecord(installer.declaredVars[pkg.name]) ?? {}) };
  }
}
