import { splitName } from '../names.js';

// one suffix at a time, so `orders_v2_old` -> `orders_v2` -> `orders`
const VERSION_SUFFIX = /_(?:v\d+(?:_\d+)*|new|old|legacy|backup|bak|deprecated|archived?)$/;

export interface VersionedName {
  /** everything before the table name: dataset, schema, project */
  namespace: string;
  /** the table name with version and lifecycle suffixes removed */
  base: string;
  /** whether any suffix was removed */
  versioned: boolean;
}

export function versionedName(id: string): VersionedName {
  const parts = splitName(id);
  const table = parts.pop() ?? '';
  let base = table;
  for (let next = base.replace(VERSION_SUFFIX, ''); next !== base && next !== ''; ) {
    base = next;
    next = base.replace(VERSION_SUFFIX, '');
  }
  return { namespace: parts.join('.'), base, versioned: base !== table };
}
