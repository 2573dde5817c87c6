import { posix } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FileFacts, TableKind } from '../../schemas/facts.js';
import { normalizeName } from '../names.js';
import { RelationValue } from './dbt-builtins.js';
import { passJoinsThroughEphemeral } from './ephemeral.js';
import { DbtRenderer } from './jinja-renderer.js';
import { manifestFacts } from './manifest.js';
import { modelFacts, refToken, type RenderedNode } from './model-facts.js';
import { isDbtProjectFile, mergeConfig, readProject, treeConfig, underPaths, type DbtProject, type NodeConfig } from './project.js';
import { declaredSources, isPropertiesYaml, propertiesFacts, renderSourceLocations } from './properties-yaml.js';
import { hasSemanticModels, semanticModelJoins } from './semantic-joins.js';
import { nodeRelation, sourceRelation, sqlRelation } from './relations.js';
import { latestVersions, versionedRelation } from './versions.js';
import { pythonModelCalls } from './python-model.js';
import type { PythonParser } from '../python/parser.js';
import type { Memo } from '../memo.js';
import type { NameResolver } from './resolver.js';
import { asArray, asRecord, asString, readYamlMemo } from './yaml-located.js';
import { renderMemo } from './render-memo.js';
import { renderConfigTree } from './config-render.js';
import { localInstalls, withInstallerVars } from './local-packages.js';
import { projectAdapter, type ProjectAdapter } from './target-adapter.js';
import { BUILTIN_SCHEMA_MACRO, projectNaming } from './target-naming.js';
import { ARTIFACT } from './artifact-files.js';
import { manifestIndex, parseArtifact } from './manifest-index.js';
import { catalogFacts } from './catalog-types.js';

export interface RepoFile {
  path: string;
  content: string;
}

/**
 * Facts for every dbt project in the repo (one per dbt_project.yml). All files
 * come at once because ref() needs the project-wide model map; files outside any
 * project are ignored. A memo, when given, spares re-rendering and re-parsing what did not change.
 */
export function dbtFileFacts(files: RepoFile[], python?: PythonParser, memo?: Memo): FileFacts[] {
  return renderDbtProjects(files, python, memo).facts();
}

/**
 * Every dbt project's nodes as dbt's parser sees them (rendered with the project's
 * vars: the refs and sources of the branches taken, enabled or not), and the facts
 * built from them once every project is named.
 */
export function renderDbtProjects(
  files: RepoFile[],
  python?: PythonParser,
  memo?: Memo,
): { nodes: RenderedNode[]; facts: () => FileFacts[] } {
  const out: FileFacts[] = [];
  const projects: DbtProject[] = [];
  for (const f of files.filter(isDbtProjectFile)) {
    const { project, warnings } = readProject(f.path, f.content);
    if (warnings.length) out.push({ file: f.path, tables: [], joins: [], warnings });
    if (project) projects.push(project);
  }
  const installs = localInstalls(projects, files);
  withInstallerVars(installs);
  // a file belongs to the innermost project around it (packages nest inside projects)
  const owner = (path: string): DbtProject | undefined =>
    projects
      .filter((p) => p.root === '' || path.startsWith(p.root + '/'))
      .sort((a, b) => b.root.length - a.root.length)[0];
  const byProject = new Map<DbtProject, RepoFile[]>(projects.map((p) => [p, []]));
  for (const f of files) {
    const p = owner(f.path);
    if (p) byProject.get(p)!.push(f);
  }
  const relations = new Map<string, Map<string, string>>();
  const macroFiles = (p: DbtProject) => byProject.get(p)!.filter((f) => f.path.endsWith('.sql') && underPaths(p, f.path, p.macroPaths) !== undefined);
  // an installed local package's macros are callable from the installer, by their package's name too
  const packagesOf = (p: DbtProject) => installs.filter((i) => i.installer === p).map(({ pkg }) => ({ name: pkg.name, macros: macroFiles(pkg) }));
  const profiles = files.filter((f) => posix.basename(f.path) === 'profiles.yml');
  const prepared = projects.map((p) => prepareProject(p, byProject.get(p)!, macroFiles(p), packagesOf(p), relations, python, memo, projectAdapter(p, files), profiles));
  return {
    nodes: prepared.flatMap((p) => p.nodes),
    facts: () => {
      for (const p of prepared) out.push(...p.facts());
      return out;
    },
  };
}

/** Renders and names a project's nodes now; returns them and the fact builder, run once every project is named. */
function prepareProject(
  project: DbtProject,
  files: RepoFile[],
  macros: RepoFile[],
  packages: { name: string; macros: RepoFile[] }[],
  relations: Map<string, Map<string, string>>,
  python: PythonParser | undefined,
  memo: Memo | undefined,
  adapter: ProjectAdapter | undefined,
  profiles: RepoFile[],
): { nodes: RenderedNode[]; facts: () => FileFacts[] } {
  const warnings: FileFacts[] = [];
  const artifact = (rel: string) => files.find((f) => f.path === posix.join(project.root, rel));
  const manifestFile = artifact(ARTIFACT.manifest);
  const catalogFile = artifact(ARTIFACT.catalog);
  const under = (f: RepoFile, dirs: string[]) => underPaths(project, f.path, dirs);
  const yamlDocs: { file: string; value: unknown }[] = [];
  const semanticDocs: { file: string; value: unknown }[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path) || under(f, [...project.modelPaths, ...project.seedPaths, ...project.snapshotPaths]) === undefined) continue;
    const { value, warnings: w } = readYamlMemo(f.path, f.content, memo);
    if (w.length) warnings.push({ file: f.path, tables: [], joins: [], warnings: w });
    else {
      if (isPropertiesYaml(value)) yamlDocs.push({ file: f.path, value });
      if (hasSemanticModels(value)) semanticDocs.push({ file: f.path, value });
    }
  }

  // the project's own macros load last: they win over a package's of the same name
  const renderer = new DbtRenderer(project.vars, [BUILTIN_SCHEMA_MACRO, ...packages.flatMap((p) => p.macros), ...macros], project.name, packages.map((p) => p.name), adapter);
  const renderSetting = (file: string) => (text: string) => renderer.renderSetting(file, text);
  const trees = renderConfigTree(project.trees, renderSetting(project.file)) as DbtProject['trees'];
  const sources = new Map<string, string>();
  const yamlConfigs = new Map<string, Record<string, unknown>>();
  const latest = new Map<string, string>();
  for (const { file, value } of yamlDocs) {
    for (const [model, v] of latestVersions(value)) latest.set(model, v);
    renderSourceLocations(value, (text) => renderer.renderText(file, text));
    for (const d of declaredSources(value)) sources.set(`${d.sourceName}.${d.tableName}`, sourceRelation(d));
    for (const key of ['models', 'seeds', 'snapshots']) {
      for (const m of asArray(asRecord(value)?.[key])) {
        const name = asString(asRecord(m)?.name);
        const config = asRecord(renderConfigTree(asRecord(m)?.config, renderSetting(file)));
        if (name && config) yamlConfigs.set(name, config);
      }
    }
  }
  // what dbt compiled names the tables, and its compiled SQL stands in for a render of the same text
  const manifest = manifestIndex(project.root, manifestFile && parseArtifact(manifestFile.path, manifestFile.content).value);
  for (const [key, relation] of manifest.sources) sources.set(key, relation);
  const sourceName = (s: string, t: string) => sources.get(`${s}.${t}`) ?? normalizeName(`${s}.${t}`);

  const nodes: RenderedNode[] = [];
  const configFor = (tree: unknown, below: string, name: string): NodeConfig => {
    const config = treeConfig(project, tree, below);
    const fromYaml = yamlConfigs.get(name);
    if (fromYaml) mergeConfig(config, fromYaml);
    return config;
  };

  for (const f of files) {
    const modelBelow = f.path.endsWith('.sql') ? under(f, project.modelPaths) : undefined;
    const snapBelow = f.path.endsWith('.sql') ? under(f, project.snapshotPaths) : undefined;
    const seedBelow = f.path.endsWith('.csv') ? under(f, project.seedPaths) : undefined;
    const name = posix.basename(f.path).replace(/\.[^.]+$/, '');
    const pyModelBelow = python && f.path.endsWith('.py') ? under(f, project.modelPaths) : undefined;
    if (modelBelow !== undefined) nodes.push(renderNode(f, name, 'dbt model', configFor(trees.models, modelBelow, name)));
    else if (pyModelBelow !== undefined) nodes.push(pythonNode(f, name, configFor(trees.models, pyModelBelow, name)));
    else if (snapBelow !== undefined) nodes.push(renderNode(f, name, 'dbt snapshot', configFor(trees.snapshots, snapBelow, name)));
    else if (seedBelow !== undefined) {
      nodes.push({ ...blankNode(f, name, 'dbt seed', configFor(trees.seeds, seedBelow, name)), columns: csvHeader(f.content) });
    }
  }

  function renderNode(f: RepoFile, fileName: string, kind: TableKind, config: NodeConfig): RenderedNode {
    const node = blankNode(f, fileName, kind, config);
    const result = renderMemo(renderer, memo, f, {
      ref: (args, version) => {
        const token = refToken(node.refs.length);
        node.refs.push({ args, token, version });
        return new RelationValue(token, args[args.length - 1] ?? '');
      },
      source: (s, t) => {
        const relation = sourceName(s, t);
        node.sources.push({ args: [s, t], relation });
        return new RelationValue(sqlRelation(relation), t);
      },
      config: (settings) => mergeConfig(node.config, settings),
      snapshot: (name) => {
        node.name = name || node.name;
      },
      self: () => node.selfToken,
    }, sourceName);
    node.sql = result.sql;
    node.renderError = result.error;
    return node;
  }

  // a Python model has no SQL: its dbt.ref/dbt.source calls are its lineage
  function pythonNode(f: RepoFile, fileName: string, config: NodeConfig): RenderedNode {
    const node = { ...blankNode(f, fileName, 'dbt model', config), sql: '' };
    const calls = pythonModelCalls(python!, f.path, f.content);
    mergeConfig(node.config, calls.config);
    node.refs = calls.refs.map((r, i) => ({ args: r.args, version: r.version, token: refToken(i) }));
    node.sources = calls.sources.map((s) => ({ args: s.args, relation: sourceName(...s.args) }));
    return node;
  }

  const enabled = nodes.filter((n) => n.config.enabled !== false);
  for (const n of enabled) {
    const compiled = manifest.compiled.get(n.file);
    if (compiled && compiled.raw.trim() === n.content.trim()) Object.assign(n, { sql: compiled.sql, renderError: undefined });
  }
  const naming = projectNaming(project, artifact(ARTIFACT.target), profiles, macros, renderer, adapter);
  const names = new Map<string, string>();
  for (const n of enabled) names.set(n.name, manifest.relationOfFile.get(n.file) ?? nodeRelation(n.name, n.config, naming));
  relations.set(project.name, names);

  const resolver: NameResolver = {
    ref: (args, version) => {
      const model = args[args.length - 1] ?? '';
      const pkg = args.length > 1 ? args[0] : project.name;
      const known = relations.get(pkg) ?? names;
      const versioned = versionedRelation(known, model, version, latest.get(model));
      return versioned ?? known.get(model) ?? names.get(model) ?? normalizeName(model);
    },
    source: sourceName,
  };

  // known only after rendering: config(materialized='ephemeral') is often in the model itself
  for (const n of enabled) if (n.kind === 'dbt model' && n.config.materialized === 'ephemeral') n.kind = 'dbt ephemeral model';
  const ephemeral = new Set(enabled.filter((n) => n.kind === 'dbt ephemeral model').map((n) => names.get(n.name)!));
  const facts = () =>
    passJoinsThroughEphemeral(
      [
        ...warnings,
        { file: project.file, tables: [], joins: [], warnings: renderer.warnings },
        ...enabled.map((n) => modelFacts(n, names.get(n.name)!, resolver, memo)),
        ...yamlDocs.map((d) => propertiesFacts(d.file, d.value, resolver)),
        ...semanticModelJoins(semanticDocs, resolver),
        ...(manifestFile ? [manifestFacts(manifestFile.path, manifestFile.content, resolver)] : []),
        ...(catalogFile ? [catalogFacts(catalogFile.path, catalogFile.content, resolver)] : []),
      ],
      ephemeral,
    ).filter((f) => f.tables.length > 0 || f.warnings.length > 0);
  return { nodes, facts };
}

function blankNode(f: RepoFile, name: string, kind: TableKind, config: NodeConfig): RenderedNode {
  return { file: f.path, content: f.content, name, kind, config, refs: [], sources: [], selfToken: `__grainline_this_${name}__` };
}

function csvHeader(content: string): string[] {
  try {
    const rows = parseCsv(content, { to_line: 1, skip_empty_lines: true }) as string[][];
    return (rows[0] ?? []).map((c) => c.trim()).filter(Boolean);
  } catch {
    return [];
  }
}
