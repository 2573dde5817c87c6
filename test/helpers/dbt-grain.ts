import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { mergeGrain } from '../../enrichers/merge/grain.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';

/** The merged grain of table `id` in a small dbt project (a dbt_project.yml is added). */
export async function grainOf(files: Record<string, string>, id: string) {
  const python = await loadPythonParser();
  const all = { 'dbt_project.yml': 'name: p\nmodel-paths: ["models"]\n', ...files };
  const facts = analyzeRepo(Object.entries(all).map(([path, content]) => ({ path, content })), python);
  const entry = linkCatalog(facts).entries.find((e) => e.id === id);
  return entry ? mergeGrain(entry.facts, null).grain : undefined;
}
