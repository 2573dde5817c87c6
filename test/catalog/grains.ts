import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { mergeGrain } from '../../enrichers/merge/grain.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';

/** Every table's merged grain (columns, source, confidence), through the real analyzers and linker, in a dbt project named `project`. */
export async function grains(project: string, files: Record<string, string>) {
  const python = await loadPythonParser();
  const all = { 'dbt_project.yml': `name: ${project}\nmodel-paths: ["models"]\n`, ...files };
  const facts = analyzeRepo(Object.entries(all).map(([path, content]) => ({ path, content })), python);
  const out: Record<string, { columns: string[]; source?: string; confidence?: number; detail?: string } | null> = {};
  for (const e of linkCatalog(facts).entries) out[e.id] = mergeGrain(e.facts, null).grain;
  return out;
}
