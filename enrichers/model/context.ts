import type { CatalogEntry } from '../../schemas/catalog.js';
import { columnsOf } from './catalog-view.js';
import { splitName } from '../names.js';

export interface SourceFile {
  path: string;
  text: string;
}

export interface Neighbour {
  id: string;
  direction: 'upstream' | 'downstream';
  summary: string;
}

export interface ModelContext {
  text: string;
  estimatedTokens: number;
  truncated: boolean;
}

/** No tokenizer download: four characters a token is close enough for budgeting. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

const CODE_EXT = /\.(sql|sqlx|hql|py|scala|jinja|j2|sh)$/i;
const YAML_EXT = /\.ya?ml$/i;
const MAX_NEIGHBOURS = 20;
const MAX_YAML_LINES = 60;

// Shares of the budget for the parts that are not code; code gets what is left.
const SHARE = { facts: 0.2, neighbours: 0.15, yaml: 0.15 };

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function truncateToChars(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > maxChars) break;
    kept.push(line);
    used += line.length + 1;
  }
  return { text: `${kept.join('\n')}\n… [${lines.length - kept.length} more lines truncated]`, truncated: true };
}

function staticFacts(entry: CatalogEntry): string {
  const lines: string[] = [];
  const cols = entry.facts.flatMap((f) => f.columns);
  const colNames = columnsOf(entry);
  if (colNames.length) {
    const typed = colNames.map((c) => {
      const t = cols.find((x) => x.name.toLowerCase() === c && x.type)?.type;
      return t ? `${c} ${t}` : c;
    });
    lines.push(`columns: ${typed.join(', ')}`);
  }
  if (entry.upstream.length) lines.push(`upstream (static): ${entry.upstream.join(', ')}`);
  if (entry.downstream.length) lines.push(`downstream (static): ${entry.downstream.join(', ')}`);
  for (const g of entry.facts.flatMap((f) => f.grain)) lines.push(`grain: ${g.columns.join(', ')} (${g.source} ${g.confidence})`);
  for (const j of entry.joinKeys)
    lines.push(`join key: ${j.columns.join(', ')} -> ${j.table}(${j.refColumns.join(', ')}) (${j.source})`);
  for (const o of entry.facts.flatMap((f) => f.owners)) lines.push(`owner: ${o.id} ${o.kind} (${o.source})`);
  for (const d of entry.facts.flatMap((f) => f.descriptions).slice(0, 2))
    lines.push(`description (${d.source}): ${clip(d.text.replace(/\s+/g, ' '), 300)}`);
  const tags = [...new Set(entry.facts.flatMap((f) => f.tags))];
  if (tags.length) lines.push(`tags: ${tags.join(', ')}`);
  return lines.join('\n');
}

/**
 * The YAML that talks about this table, not the whole file: the `name: <table>` item and
 * its indented block (dbt schema.yml, sources.yml, metadata files).
 */
export function yamlExcerpt(text: string, table: string): string | null {
  const last = splitName(table).at(-1);
  if (!last) return null;
  const lines = text.split('\n');
  const header = new RegExp(`^(\\s*)(?:-\\s*)?name:\\s*["']?${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`, 'i');
  for (let i = 0; i < lines.length; i++) {
    const m = header.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    const block = [lines[i]];
    for (let j = i + 1; j < lines.length && block.length < MAX_YAML_LINES; j++) {
      const line = lines[j];
      const lineIndent = line.length - line.trimStart().length;
      if (line.trim() && lineIndent <= indent) break;
      block.push(line);
    }
    return block.join('\n').trimEnd();
  }
  return null;
}

/**
 * Curated context for one table, within `budget` estimated tokens: static facts first
 * (cheap, high signal), neighbour one-liners, the YAML about this table, then the
 * defining code, truncated to whatever budget remains.
 */
export function buildContext(input: {
  entry: CatalogEntry;
  files: SourceFile[];
  neighbours: Neighbour[];
  budget: number;
}): ModelContext {
  const { entry, files, neighbours, budget } = input;
  const chars = budget * 4;
  let truncated = false;
  const take = (text: string, max: number) => {
    const r = truncateToChars(text, max);
    truncated ||= r.truncated;
    return r.text;
  };
  const sections: string[] = [`# Table ${entry.table}\nid: ${entry.id}\nkind: ${entry.kind}\nfiles: ${entry.files.join(', ')}`];

  const facts = staticFacts(entry);
  if (facts) sections.push(`## Static facts\n${take(facts, Math.floor(chars * SHARE.facts))}`);

  const shown = neighbours.slice(0, MAX_NEIGHBOURS);
  if (shown.length) {
    const list = shown.map((n) => `- ${n.direction} ${n.id}: ${n.summary}`).join('\n');
    const more = neighbours.length > shown.length ? `\n- … ${neighbours.length - shown.length} more` : '';
    sections.push(`## Direct neighbours\n${take(list, Math.floor(chars * SHARE.neighbours))}${more}`);
  }

  const yaml = files
    .filter((f) => YAML_EXT.test(f.path))
    .map((f) => ({ path: f.path, excerpt: yamlExcerpt(f.text, entry.table) }))
    .filter((f): f is { path: string; excerpt: string } => f.excerpt !== null);
  if (yaml.length) {
    const per = Math.floor((chars * SHARE.yaml) / yaml.length);
    sections.push(...yaml.map((y) => `## YAML ${y.path}\n\`\`\`yaml\n${take(y.excerpt, per)}\n\`\`\``));
  }

  const code = files.filter((f) => CODE_EXT.test(f.path));
  let remaining = Math.max(chars - sections.join('\n\n').length, chars * 0.3);
  // smallest files first so one huge file cannot starve the others
  const ordered = [...code].sort((a, b) => a.text.length - b.text.length);
  const rendered = new Map<string, string>();
  ordered.forEach((f, i) => {
    const share = Math.floor(remaining / (ordered.length - i)) - f.path.length - 20;
    const text = take(f.text, Math.max(share, 200));
    remaining -= text.length + f.path.length + 20;
    rendered.set(f.path, text);
  });
  for (const f of code) sections.push(`## Code ${f.path}\n\`\`\`\n${rendered.get(f.path)}\n\`\`\``);

  const text = sections.join('\n\n');
  return { text, estimatedTokens: estimateTokens(text), truncated };
}
