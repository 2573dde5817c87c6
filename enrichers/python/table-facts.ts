import { TableFact, type TableFactInput } from '../../schemas/facts.js';

/**
 * Collects what one file says about each table. A table written by two tasks (or two
 * statements) gets one TableFact holding the evidence of both.
 */
export class TableFactSet {
  private readonly byName = new Map<string, TableFact>();

  add(input: TableFactInput): void {
    const fact = TableFact.parse(input);
    const prev = this.byName.get(fact.name);
    if (!prev) {
      this.byName.set(fact.name, fact);
      return;
    }
    this.byName.set(fact.name, {
      name: fact.name,
      kind: prev.kind ?? fact.kind,
      defines: prev.defines || fact.defines,
      aliases: unique([...prev.aliases, ...fact.aliases]),
      upstream: [...prev.upstream, ...fact.upstream.filter((u) => !prev.upstream.some((p) => p.name === u.name))],
      columns: prev.columns.length > 0 ? prev.columns : fact.columns,
      grain: [...prev.grain, ...fact.grain],
      joinKeys: [...prev.joinKeys, ...fact.joinKeys],
      owners: [...prev.owners, ...fact.owners.filter((o) => !prev.owners.some((p) => p.id === o.id))],
      descriptions: [...prev.descriptions, ...fact.descriptions.filter((d) => !prev.descriptions.some((p) => p.text === d.text))],
      consumers: [...prev.consumers, ...fact.consumers.filter((c) => !prev.consumers.some((p) => p.name === c.name))],
      tags: unique([...prev.tags, ...fact.tags]),
    });
  }

  list(): TableFact[] {
    return [...this.byName.values()];
  }
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
