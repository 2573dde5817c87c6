/**
 * Checks a value against an Avro schema in the JSON encoding DataHub's Python client
 * writes (`MetadataChangeProposalWrapper.to_obj`): a nullable field holds its value
 * directly, a union of several records is `{"<full name>": value}` with `pegasus2avro.`
 * dropped from the namespace, records reject unknown fields, enums their unknown symbols.
 */
type Avro = string | Avro[] | { type: string; name?: string; namespace?: string; fields?: Field[]; symbols?: string[]; items?: Avro; values?: Avro; default?: unknown };
interface Field { name: string; type: Avro; default?: unknown }

export function avroErrors(value: unknown, schema: Avro): string[] {
  const names = new Map<string, Avro>();
  register(schema, undefined, names);
  const errors: string[] = [];
  check(value, schema, '$', names, undefined, errors);
  return errors;
}

function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') ? name : namespace ? `${namespace}.${name}` : name;
}

function register(s: Avro, ns: string | undefined, names: Map<string, Avro>): void {
  if (Array.isArray(s)) return s.forEach((b) => register(b, ns, names));
  if (typeof s !== 'object') return;
  if (typeof s.type === 'object') register(s.type as Avro, ns, names);
  if (s.name && ['record', 'enum', 'fixed', 'error'].includes(s.type)) {
    const full = fullName(s.name, s.namespace ?? ns);
    names.set(full, s);
    names.set(full.replace('.pegasus2avro', ''), s);
    ns = full.slice(0, full.lastIndexOf('.')) || ns;
  }
  s.fields?.forEach((f) => register(f.type, s.namespace ?? ns, names));
  if (s.items) register(s.items, ns, names);
  if (s.values) register(s.values, ns, names);
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  null: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  int: (v) => Number.isInteger(v),
  long: (v) => Number.isInteger(v),
  float: (v) => typeof v === 'number',
  double: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  bytes: (v) => typeof v === 'string',
};

function resolveType(s: Avro, ns: string | undefined, names: Map<string, Avro>): Avro {
  if (typeof s === 'string' && !PRIMITIVE[s]) {
    const found = names.get(fullName(s, ns)) ?? names.get(s);
    if (!found) throw new Error(`unknown Avro type ${s}`);
    return found;
  }
  return s;
}

function typeName(s: Avro, ns: string | undefined): string {
  if (typeof s === 'string') return s;
  if (Array.isArray(s)) return 'union';
  return s.name ? fullName(s.name, s.namespace ?? ns).replace('.pegasus2avro', '') : s.type;
}

function check(v: unknown, schema: Avro, path: string, names: Map<string, Avro>, ns: string | undefined, errors: string[]): void {
  const s = resolveType(schema, ns, names);
  if (Array.isArray(s)) {
    const branches = s.map((b) => resolveType(b, ns, names));
    if (v === null) {
      if (!branches.some((b) => b === 'null')) errors.push(`${path}: null is not allowed`);
      return;
    }
    const nonNull = branches.filter((b) => b !== 'null');
    if (nonNull.length === 1) return check(v, nonNull[0], path, names, ns, errors);
    const primitive = nonNull.find((b) => typeof b === 'string' && PRIMITIVE[b](v));
    if (primitive) return;
    const keys = v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
    const branch = keys.length === 1 ? nonNull.find((b) => typeName(b, ns) === keys[0]) : undefined;
    if (!branch) {
      errors.push(`${path}: matches no branch of ${nonNull.map((b) => typeName(b, ns)).join(' | ')}`);
      return;
    }
    return check((v as Record<string, unknown>)[keys[0]], branch, `${path}.${keys[0]}`, names, ns, errors);
  }
  if (typeof s === 'string') {
    if (!PRIMITIVE[s](v)) errors.push(`${path}: expected ${s}, got ${JSON.stringify(v)}`);
    return;
  }
  const innerNs = s.name ? fullName(s.name, s.namespace ?? ns).split('.').slice(0, -1).join('.') : ns;
  switch (s.type) {
    case 'record': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return void errors.push(`${path}: expected record ${s.name}`);
      const obj = v as Record<string, unknown>;
      const fields = new Map(s.fields!.map((f) => [f.name, f]));
      for (const key of Object.keys(obj)) if (!fields.has(key)) errors.push(`${path}.${key}: no such field in ${s.name}`);
      for (const f of s.fields!) {
        if (f.name in obj) check(obj[f.name], f.type, `${path}.${f.name}`, names, innerNs, errors);
        else if (!('default' in f)) errors.push(`${path}.${f.name}: required field of ${s.name} is missing`);
      }
      return;
    }
    case 'enum':
      if (typeof v !== 'string' || !s.symbols!.includes(v)) errors.push(`${path}: ${JSON.stringify(v)} is not one of ${s.name}'s symbols`);
      return;
    case 'array':
      if (!Array.isArray(v)) return void errors.push(`${path}: expected an array`);
      v.forEach((item, i) => check(item, s.items!, `${path}[${i}]`, names, ns, errors));
      return;
    case 'map':
      if (!v || typeof v !== 'object' || Array.isArray(v)) return void errors.push(`${path}: expected a map`);
      for (const [k, item] of Object.entries(v)) check(item, s.values!, `${path}.${k}`, names, ns, errors);
      return;
    default:
      if (PRIMITIVE[s.type]) {
        if (!PRIMITIVE[s.type](v)) errors.push(`${path}: expected ${s.type}`);
        return;
      }
      throw new Error(`unsupported Avro type ${s.type}`);
  }
}
