import type { Command } from 'commander';
import { serveStdio } from '../../mcp/server.js';
import { openCatalogAt } from './read.js';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('an MCP server on stdio: search_tables, describe_table, table_lineage')
    .option('--db <uri>', 'LanceDB folder or URI')
    .action(async (o) => {
      const catalog = await openCatalogAt(o.db);
      try {
        await serveStdio(catalog);
      } finally {
        catalog.close();
      }
    });
}
