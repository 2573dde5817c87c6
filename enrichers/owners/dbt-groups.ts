import type { OwnerFact } from '../../schemas/facts.js';
import { ownerFacts } from '../dbt/owners.js';
import { asArray, asRecord, asString, lineOf, readYaml } from '../dbt/yaml-located.js';

export interface TextFile {
  path: string;
  content: string;
}

/** dbt group name -> the owner its `groups:` entry declares. */
export type GroupOwners = Map<string, OwnerFact[]>;

// a top-level `groups:` key; cheap to test before parsing every YAML file of a large repo
const HAS_GROUPS = /^groups\s*:/m;

/**
 * dbt `groups:` (any YAML file of a project may declare them): every group has an
 * `owner: {name, email}`, and a model that names the group is owned by it. The owner
 * is declared, though for a group of models rather than one table, hence 0.9.
 * The email is the id (it reaches a person or list); the name is kept when no email is given.
 */
export function readDbtGroups(files: TextFile[]): GroupOwners {
  const groups: GroupOwners = new Map();
  for (const f of files) {
    if (!/\.ya?ml$/.test(f.path) || !HAS_GROUPS.test(f.content)) continue;
    const doc = asRecord(readYaml(f.path, f.content).value);
    for (const raw of asArray(doc?.groups)) {
      const g = asRecord(raw);
      const name = asString(g?.name)?.trim();
      if (!g || !name || groups.has(name)) continue;
      const owner = asRecord(g.owner);
      const id = asString(owner?.email)?.trim() || asString(owner?.name)?.trim();
      if (!id) continue;
      groups.set(name, ownerFacts(id, { source: 'dbt-yaml', confidence: 0.9, file: f.path, line: lineOf(g), detail: `dbt group ${name}` }));
    }
  }
  return groups;
}

/** The tag a model carries when it names a group (properties YAML, config(), dbt_project.yml). */
export const groupTag = (group: string): string => `group:${group}`;
export const groupOfTag = (tag: string): string | undefined => (tag.startsWith('group:') ? tag.slice(6) : undefined);
