import type { Command } from 'commander';
import { openCatalogAt } from './read.js';

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('an MCP server on stdio: search_tables, describe_table, join_path, table_lineage')
    .option('--db <uri>', 'LanceDB folder or URI')
    .action(async (o) => {
      const catalog = await openCatalogAt(o.db);
      try {
        const { serveStdio } = await import('../../mcp/server.js');
        await serveStdio(catalog);
      } finally {
        catalog.close();
      }
    });
}
