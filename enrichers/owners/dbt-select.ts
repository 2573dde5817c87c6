import type { OwnerTable } from './owner-table.js';

const MAX_HOPS = 50;

/**
 * The tables a dbt selector picks: a model name, `tag:x`, `path:dir` or a bare folder
 * path, `config.group:x`/`group:x`, with `+` before (ancestors) and after (descendants).
 * Set operators beyond union, `@` and version selectors are read as their base name.
 * `byName` maps a model's bare name to table ids; `byId` gives the graph.
 */
export function selectTables(selector: string, index: SelectIndex): string[] {
  let sel = selector.trim().replace(/^@/, '');
  const up = /^\d*\+/.test(sel);
  const down = /\+\d*$/.test(sel);
  sel = sel.replace(/^\d*\+/, '').replace(/\+\d*$/, '');
  let base: string[];
  const colon = sel.indexOf(':');
  const method = colon > 0 ? sel.slice(0, colon) : '';
  const value = colon > 0 ? sel.slice(colon + 1) : sel;
  if (method === 'tag') base = index.byTag.get(value.toLowerCase()) ?? [];
  else if (method === 'group' || method === 'config.group') base = index.byTag.get(`group:${value}`.toLowerCase()) ?? [];
  else if (method === 'path' || (!method && value.includes('/'))) base = index.underPath(value.replace(/\/+$/, ''));
  else if (!method || method === 'fqn') base = index.byName.get(value.split('.').pop()!.toLowerCase()) ?? [];
  else base = [];
  const out = new Set(base);
  if (up) walk(base, (t) => t.upstream, index, out);
  if (down) walk(base, (t) => t.downstream, index, out);
  return [...out];
}

function walk(start: string[], next: (t: OwnerTable) => string[], index: SelectIndex, out: Set<string>): void {
  let frontier = start;
  for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
    const following: string[] = [];
    for (const id of frontier)
      for (const n of next(index.byId.get(id) ?? ({ upstream: [], downstream: [] } as unknown as OwnerTable)))
        if (!out.has(n) && index.byId.has(n)) {
          out.add(n);
          following.push(n);
        }
    frontier = following;
  }
}

export interface SelectIndex {
  byId: Map<string, OwnerTable>;
  byName: Map<string, string[]>;
  byTag: Map<string, string[]>;
  underPath: (dir: string) => string[];
}

/** Built once per crawl; dbt tables only (a selector names dbt nodes). */
export function selectIndex(tables: OwnerTable[]): SelectIndex {
  const byId = new Map(tables.map((t) => [t.id, t]));
  const byName = new Map<string, string[]>();
  const byTag = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, id: string) => {
    const list = m.get(k);
    if (!list) m.set(k, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  const dbt = tables.filter((t) => t.kind.startsWith('dbt'));
  for (const t of dbt) {
    const model = t.files.find((f) => /\.(sql|py|csv)$/.test(f));
    const name = model ? model.split('/').pop()!.replace(/\.[^.]+$/, '') : t.id.split('.').pop()!;
    add(byName, name.toLowerCase(), t.id);
    for (const tag of t.tags) add(byTag, tag.toLowerCase(), t.id);
  }
  const paths = dbt.flatMap((t) => t.files.filter((f) => /\.(sql|py|csv)$/.test(f)).map((f) => [f, t.id] as const));
  const underPath = (dir: string) => {
    // a project may sit below the repo root: `models/staging` matches `analytics/models/staging/x.sql`
    const needle = `${dir}/`;
    return [...new Set(paths.filter(([f]) => f.startsWith(needle) || f.includes(`/${needle}`) || f === dir).map(([, id]) => id))];
  };
  return { byId, byName, byTag, underPath };
}
