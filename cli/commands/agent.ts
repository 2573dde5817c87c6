import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { openCatalogAt } from './read.js';

/**
 * The agent view on the command line, the same answers `grainline mcp` gives
 * (describe_table, join_path), so a shell script or a person sees what an agent sees.
 * Output is JSON: these answers are for tools first.
 */
export function registerAgentView(program: Command): void {
  program
    .command('describe')
    .description('one table as an agent sees it: description, grain, join keys, owners, usage, caveats, columns (JSON)')
    .argument('<table>', 'table name as a query would write it')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--detail <level>', 'compact | full (the whole record)', 'compact')
    .action(async (name: string, o) => {
      if (o.detail !== 'compact' && o.detail !== 'full') throw new UserError(`--detail must be 'compact' or 'full', not '${o.detail}'`);
      const catalog = await openCatalogAt(o.db);
      try {
        const view = await catalog.describe(name, o.detail);
        if (!view) throw await missing(catalog, name);
        console.log(JSON.stringify(view, null, 2));
      } finally {
        catalog.close();
      }
    });

  program
    .command('join-path')
    .description('how to join two or more tables: the join keys along the shortest chain that connects them (JSON)')
    .argument('<tables...>', 'the tables to connect; the first is the start')
    .option('--db <uri>', 'LanceDB folder or URI')
    .action(async (names: string[], o) => {
      if (names.length < 2) throw new UserError('join-path needs two or more tables');
      const catalog = await openCatalogAt(o.db);
      try {
        const res = await catalog.joinPath(names);
        if (!res.tables.length && res.unknown.length) throw await missing(catalog, res.unknown[0].name);
        console.log(JSON.stringify(res, null, 2));
      } finally {
        catalog.close();
      }
    });
}

/** A miss names the close matches, as `show` and the MCP tools do. */
async function missing(catalog: Awaited<ReturnType<typeof openCatalogAt>>, name: string): Promise<UserError> {
  const close = await catalog.closeMatches(name);
  return new UserError(`no table named '${name}' in the catalog${close.length ? `; did you mean ${close.join(', ')}?` : ''}`);
}
