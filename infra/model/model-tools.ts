import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { redactSecrets } from '../../enrichers/model/redact.js';
import { insideSnapshot } from './model-io.js';

/**
 * Read-only tools over the repo snapshot for agentic mode. Every path goes through
 * insideSnapshot (no absolute paths, no `..`, no symlink leaving the snapshot), walks
 * never follow symlinks, outputs are redacted like prompts, and each table has one byte
 * budget for all its tool calls.
 */
export const REPO_TOOLS: ChatCompletionFunctionTool[] = [
  {
    type: 'function',
    function: {
      name: 'list_files',
      description: 'List repository files under a folder (repo-relative, "" for the root).',
      parameters: { type: 'object', properties: { dir: { type: 'string' } }, required: ['dir'], additionalProperties: false },
      strict: true,
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read lines start..end (1-based, inclusive) of a repository file.',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } },
        required: ['path', 'start', 'end'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: 'function',
    function: {
      name: 'grep',
      description: 'Search repository files for a regular expression; returns path:line: text.',
      parameters: { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'], additionalProperties: false },
      strict: true,
    },
  },
];

const MAX_LIST = 200;
const MAX_LINES = 300;
const MAX_MATCHES = 50;
const MAX_GREP_FILE_BYTES = 1_000_000;

export interface RepoTools {
  run(name: string, argsJson: string): string;
  bytesLeft(): number;
}

export function repoTools(snapshotDir: string, maxBytes: number): RepoTools {
  let left = maxBytes;
  const files = (dir: string): string[] => {
    const out: string[] = [];
    const walk = (rel: string) => {
      if (out.length >= MAX_LIST * 50) return;
      for (const name of readdirSync(join(snapshotDir, rel))) {
        if (name === '.git') continue;
        const child = rel ? `${rel}/${name}` : name;
        const st = lstatSync(join(snapshotDir, child));
        if (st.isSymbolicLink()) continue;
        if (st.isDirectory()) walk(child);
        else if (st.isFile()) out.push(child);
      }
    };
    const start = dir.replace(/^\.?\/+|\/+$/g, '');
    if (start && (!insideSnapshot(snapshotDir, start) || !lstatSync(join(snapshotDir, start)).isDirectory())) return [];
    walk(start);
    return out.sort();
  };

  const tools: Record<string, (a: Record<string, unknown>) => string> = {
    list_files: (a) => {
      const list = files(String(a.dir ?? ''));
      return list.length ? list.slice(0, MAX_LIST).join('\n') + (list.length > MAX_LIST ? `\n… ${list.length - MAX_LIST} more` : '') : 'no such folder';
    },
    read_file: (a) => {
      const full = insideSnapshot(snapshotDir, String(a.path ?? ''));
      if (!full) return 'refused: path is not a file inside the repository';
      const lines = readFileSync(full, 'utf8').split('\n');
      const start = Math.max(1, Number(a.start) || 1);
      const end = Math.min(lines.length, Number(a.end) || start + MAX_LINES, start + MAX_LINES - 1);
      return lines.slice(start - 1, end).map((l, i) => `${start + i}: ${l}`).join('\n');
    },
    grep: (a) => {
      let re: RegExp;
      try {
        re = new RegExp(String(a.pattern ?? '').slice(0, 200), 'i');
      } catch {
        return 'invalid regular expression';
      }
      const hits: string[] = [];
      for (const f of files('')) {
        if (lstatSync(join(snapshotDir, f)).size > MAX_GREP_FILE_BYTES) continue;
        readFileSync(join(snapshotDir, f), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (hits.length < MAX_MATCHES && re.test(line)) hits.push(`${f}:${i + 1}: ${line.slice(0, 200)}`);
          });
        if (hits.length >= MAX_MATCHES) break;
      }
      return hits.join('\n') || 'no matches';
    },
  };

  return {
    bytesLeft: () => left,
    run(name, argsJson) {
      if (left <= 0) return 'refused: tool byte budget spent, answer now';
      const tool = tools[name];
      if (!tool) return `unknown tool ${name}`;
      let args: Record<string, unknown>;
      try {
        args = JSON.parse(argsJson) as Record<string, unknown>;
      } catch {
        return 'arguments are not JSON';
      }
      const out = redactSecrets(tool(args)).slice(0, left);
      left -= Buffer.byteLength(out);
      return out;
    },
  };
}
