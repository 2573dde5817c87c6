import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { UserError } from '../../infra/errors.js';
import { exportRecord } from '../../reader/export-record.js';
import { EXPORT_FORMATS, exportLines, type ExportFormat } from '../../reader/export-formats.js';
import type { SearchMode } from '../../reader/catalog.js';
import { TableKind } from '../../schemas/facts.js';
import { dbUriFrom, isRemoteUri, positiveIntOption } from '../options.js';
import { registerAgentView } from './agent.js';

const oneOf = (flag: string, values: readonly string[]) => (v: string) => {
  if (!values.includes(v)) throw new UserError(`${flag} must be one of ${values.map((x) => `'${x}'`).join(', ')}, not '${v}'`);
  return v;
};

/** The output file opens before the catalog is read, and a path that cannot be written is the user's to fix. */
async function openForWriting(path: string) {
  const stream = createWriteStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new UserError(`--out ${path}: cannot write it (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
  });
  return stream;
}

/** A local catalog folder must exist: reading must never create an empty one. */
export function catalogMustExist(dbUri: string): void {
  if (!isRemoteUri(dbUri) && !existsSync(dbUri)) {
    throw new UserError(`no Grainline catalog at ${dbUri}: run \`grainline enrich\` first, or pass --db`);
  }
}

/** The catalog at --db (or GRAINLINE_DB); a missing catalog is the user's to fix. */
export async function openCatalogAt(db: string | undefined) {
  catalogMustExist(dbUriFrom(db));
  try {
    const { openCatalog } = await import('../../reader/catalog.js');
    return await openCatalog(dbUriFrom(db));
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

export function registerRead(program: Command): void {
  registerAgentView(program);
  program
    .command('search')
    .description('hybrid (vector + full-text) search over table descriptions')
    .argument('<query...>', 'a plain-English question or keywords')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--limit <k>', 'how many tables', positiveIntOption('--limit'), 5)
    .option('--mode <mode>', 'hybrid | vector | text', oneOf('--mode', ['hybrid', 'vector', 'text']), 'hybrid')
    .option('--kind <kind>', "only tables of this kind, e.g. 'dbt model'", oneOf('--kind', TableKind.options))
    .option('--owner <id>', 'only tables this user or team owns')
    .option('--where <predicate>', "filter, e.g. \"kind = 'dbt model'\"")
    .option('--exclude-deprecated', 'leave out tables annotated as deprecated', false)
    .option('--json', 'JSON output', false)
    .action(async (words: string[], o) => {
      catalogMustExist(dbUriFrom(o.db));
      // the query's embedder loads while LanceDB opens: its model session is most of a search's start
      if (o.mode !== 'text' && words.join(' ').trim()) (await import('../../infra/store/embedder.js')).warmLikelyEmbedder({ oneOff: true });
      const catalog = await openCatalogAt(o.db);
      const hits = await catalog.search(words.join(' '), {
        limit: o.limit,
        mode: o.mode as SearchMode,
        kind: o.kind,
        owner: o.owner,
        where: o.where,
        excludeDeprecated: o.excludeDeprecated,
      });
      if (o.json) console.log(JSON.stringify(hits.map((h) => ({ table: h.table, kind: h.kind, score: h.score, description: h.description }))));
      else {
        if (!hits.length) console.log('no tables found');
        for (const [i, h] of hits.entries()) {
          console.log(`${i + 1}. ${h.table}  (${h.kind}, score ${h.score.toFixed(3)})`);
          console.log(`   ${h.description.split('\n')[0]}`);
        }
      }
    });

  program
    .command('show')
    .description('one table: its description and every enriched field')
    .argument('<table>', 'table name as a query would write it')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--json', 'JSON output (the export record)', false)
    .action(async (name: string, o) => {
      const catalog = await openCatalogAt(o.db);
      const rec = await catalog.get(name);
      if (!rec) {
        // a name two tables share (or a typo) resolves to none: say which tables it could mean
        const close = await catalog.closeMatches(name);
        throw new UserError(`no table named '${name}' in the catalog${close.length ? `; did you mean ${close.join(', ')}?` : ''}`);
      }
      if (o.json) console.log(JSON.stringify(exportRecord(rec), null, 2));
      else {
        console.log(rec.description);
        console.log(`\nfiles: ${rec.files.join(', ')}`);
        console.log(`upstream: ${rec.upstream.join(', ') || '-'}`);
        console.log(`downstream: ${rec.downstream.join(', ') || '-'}`);
      }
    });

  program
    .command('export')
    .description('every table as JSON Lines, one record a line, or in OpenLineage / DataHub / OpenMetadata form')
    .option('--db <uri>', 'LanceDB folder or URI')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--format <format>', EXPORT_FORMATS.join(' | '), oneOf('--format', EXPORT_FORMATS), 'jsonl')
    .option('--platform <name>', 'the warehouse, as DataHub names platforms (snowflake, bigquery, postgres, ...)', 'warehouse')
    .option('--namespace <ns>', 'OpenLineage dataset namespace (default: the platform)')
    .option('--service <name>', 'OpenMetadata database service (default: the platform)')
    .option('--database <name>', 'database for names the repo leaves unqualified (OpenMetadata)')
    .option('--schema <name>', 'schema for names the repo leaves unqualified (OpenMetadata)')
    .action(async (o) => {
      const catalog = await openCatalogAt(o.db);
      const out = o.out ? await openForWriting(o.out) : process.stdout;
      const records = [];
      for await (const rec of catalog.all()) records.push(rec);
      records.sort((a, b) => a.id.localeCompare(b.id));
      const target = { platform: o.platform, namespace: o.namespace, service: o.service, database: o.database, schema: o.schema };
      for (const line of exportLines(records, o.format as ExportFormat, target)) out.write(line + '\n');
      if (o.out) {
        (out as ReturnType<typeof createWriteStream>).end();
        await finished(out as ReturnType<typeof createWriteStream>);
        console.error(`grainline: wrote ${records.length} tables to ${o.out}`);
      }
    });
}
