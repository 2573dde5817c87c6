/**
 * dbt renders the Jinja in config values written in YAML (dbt_project.yml and
 * properties files): `schema: "{{ var('prefix') }}_core"`, `enabled: "{{ var('x') | as_bool }}"`.
 * Hooks are the exception: they render when they run, against the warehouse.
 */
export type RenderSetting = (text: string) => { value?: string; deploymentChoice: boolean };

const RUNTIME_KEYS = /(^|\+)(pre-hook|post-hook|pre_hook|post_hook|sql_header)$/;
const hasJinja = (s: string): boolean => s.includes('{{') || s.includes('{%');

/** A copy of a config tree with its Jinja values rendered; values that render to nothing knowable are dropped. */
export function renderConfigTree(tree: unknown, render: RenderSetting): unknown {
  if (Array.isArray(tree)) return tree.map((v) => renderConfigTree(v, render));
  if (!tree || typeof tree !== 'object') return tree;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (RUNTIME_KEYS.test(key)) out[key] = value;
    else if (typeof value === 'string' && hasJinja(value)) {
      const { value: text, deploymentChoice } = render(value);
      if (text === undefined) continue;
      const flag = /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : undefined;
      // disabled by a var default, an env var or the target: the deployment decides, so keep the node
      if (/(^|\+)enabled$/.test(key) && flag === false && deploymentChoice) continue;
      out[key] = flag ?? text;
    } else out[key] = renderConfigTree(value, render);
  }
  return out;
}
