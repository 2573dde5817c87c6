import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { Warning } from '../schemas/facts.js';
import type { Usage } from '../schemas/table-record.js';
import { UsageAccumulator } from '../enrichers/usage/accumulator.js';
import { normalizeLogRecord } from '../enrichers/usage/log-record.js';
import type { TableResolver } from '../enrichers/usage/resolve-table.js';
import { jsonOverLimit, limit, overLimit } from '../enrichers/limits.js';
import { boundedLines } from './bounded-lines.js';

const LOG_FILE = /\.(jsonl|ndjson|json|csv)(\.gz)?$/i;
/** per file, so a log of garbage cannot fill memory with warnings */
const MAX_WARNINGS_PER_FILE = 20;
const PROGRESS_EVERY = 50_000;

export interface UsageLogResult {
  usage: Map<string, Usage>;
  /** log rows attributed (successful queries with text and time) */
  records: number;
  /** rows that were not usable: failed queries, no text, unreadable lines */
  skipped: number;
  warnings: Warning[];
}

/**
 * Streams query logs (JSON Lines or CSV with a header row, optionally gzipped; files or
 * directories) into per-table usage. Never holds a whole log; a bad line is a warning.
 */
export async function readUsageLogs(
  paths: string[],
  resolve: TableResolver,
  now: Date,
  onProgress?: (records: number) => void,
): Promise<UsageLogResult> {
  const acc = new UsageAccumulator({ resolve });
  const result: UsageLogResult = { usage: new Map(), records: 0, skipped: 0, warnings: [] };
  let seen = 0;
  for (const file of await logFiles(paths, result.warnings)) {
    let fileWarnings = 0;
    let fileRecords = 0;
    const warn = (line: number | undefined, code: string, message: string) => {
      if (++fileWarnings <= MAX_WARNINGS_PER_FILE) result.warnings.push({ file, line, code, message });
    };
    const take = (raw: unknown) => {
      if (++seen % PROGRESS_EVERY === 0) onProgress?.(result.records);
      const record = raw && typeof raw === 'object' && !Array.isArray(raw) ? normalizeLogRecord(raw as Record<string, unknown>) : null;
      if (!record) {
        result.skipped++;
        return;
      }
      acc.add(record);
      result.records++;
      fileRecords++;
    };
    try {
      if (/\.csv(\.gz)?$/i.test(file)) await readCsv(file, take, warn);
      else await readJsonLines(file, take, warn);
    } catch (err) {
      warn(undefined, 'usage-read', `cannot read ${file}: ${(err as Error).message}`);
    }
    if (fileWarnings > MAX_WARNINGS_PER_FILE) {
      result.warnings.push({ file, code: 'usage-bad-lines', message: `${fileWarnings - MAX_WARNINGS_PER_FILE} more bad lines` });
    }
    if (fileRecords === 0) {
      result.warnings.push({ file, code: 'usage-no-records', message: `no usable queries in ${file} (is there a query text column, or ACCESS_HISTORY / referenced_tables objects?)` });
    }
  }
  onProgress?.(result.records);
  result.usage = acc.finish(now);
  return result;
}

type Take = (raw: unknown) => void;
type Warn = (line: number | undefined, code: string, message: string) => void;

async function readJsonLines(file: string, take: Take, warn: Warn): Promise<void> {
  let line = 0;
  for await (const { text, tooLong } of boundedLines(open(file), limit('logLineBytes'))) {
    line++;
    const over = text === undefined ? overLimit(file, 'logLineBytes', `a line of ${tooLong} bytes`) : jsonOverLimit(file, text, 'logLineBytes');
    if (over || text === undefined) {
      warn(line, over!.code, over!.message);
      take(undefined);
      continue;
    }
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      warn(line, 'usage-bad-line', `not JSON: ${(err as Error).message}`);
      take(undefined);
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) warn(line, 'usage-bad-line', 'not a JSON object');
    take(raw);
  }
}

async function readCsv(file: string, take: Take, warn: Warn): Promise<void> {
  const parser = open(file).pipe(
    parse({
      columns: true,
      bom: true,
      info: true, // records arrive as {record, info}; line numbers are for skipped rows
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: limit('logLineBytes'),
      skip_records_with_error: true,
      on_skip: (err) => {
        if (err) warn(typeof err.lines === 'number' ? err.lines : undefined, 'usage-bad-line', `bad CSV row: ${err.message}`);
        return undefined;
      },
    }),
  );
  for await (const { record } of parser as AsyncIterable<{ record: Record<string, unknown> }>) take(record);
}

function open(file: string): Readable {
  const stream = createReadStream(file);
  return /\.gz$/i.test(file) ? stream.pipe(createGunzip()) : stream;
}

async function logFiles(paths: string[], warnings: Warning[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) {
        const found = (await readdir(path, { recursive: true, withFileTypes: true }))
          .filter((d) => d.isFile() && LOG_FILE.test(d.name))
          .map((d) => join(d.parentPath, d.name));
        files.push(...found.sort());
      } else files.push(path);
    } catch (err) {
      warnings.push({ file: path, code: 'usage-read', message: `cannot read ${path}: ${(err as Error).message}` });
    }
  }
  return files;
}
