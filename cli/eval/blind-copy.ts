import { spawn } from 'node:child_process';
import { simpleGit } from 'simple-git';

/**
 * A git repository holding the blinded tree, whose history keeps who touched which
 * file and when (the owner enrichers read that) but none of the original contents:
 * every earlier version of a file is a placeholder, so no removed declaration can be
 * read back from a past commit.
 */

interface HistoryCommit {
  author: string;
  committer: string;
  message: string;
  changes: { path: string; deleted: boolean }[];
}

const SEP = '\u0001';

/**
 * The original's history up to `commit`, oldest first, as authorship and paths only:
 * every commit but merges, as the pipeline reads the original (git-log.ts), so the
 * commits of a merged branch keep their authors (a first-parent walk would show none of
 * a merged pull request's files being created, or by the merge's author).
 */
export async function readHistory(repo: string, commit: string, maxCommits = 5000): Promise<HistoryCommit[]> {
  const raw = await simpleGit(repo).raw([
    '-c', 'core.quotePath=false', 'log', '--no-merges', '--topo-order', '--no-renames', '--name-status', `--max-count=${maxCommits}`,
    '--date=raw', `--format=${SEP}%an <%ae> %ad${SEP}%cn <%ce> %cd${SEP}%s`, commit,
  ]);
  const out: HistoryCommit[] = [];
  for (const block of raw.split(`\n${SEP}`).map((b) => b.replace(new RegExp(`^${SEP}`), ''))) {
    if (!block.trim()) continue;
    const [author, committer, rest] = block.split(SEP);
    const [message, ...lines] = rest.split('\n');
    const changes = lines
      .map((l) => l.split('\t'))
      .filter((p) => p.length >= 2 && /^[AMDT]/.test(p[0]))
      .map((p) => ({ path: p[1], deleted: p[0].startsWith('D') }));
    out.push({ author, committer, message, changes });
  }
  return out.reverse();
}

/**
 * Builds the copy with `git fast-import`: one commit per original commit (same author,
 * committer and time, placeholder contents), then one commit with the blinded tree.
 */
export async function writeBlindCopy(dir: string, history: HistoryCommit[], files: Map<string, string>): Promise<string> {
  await simpleGit().raw(['init', '--quiet', '--initial-branch=main', dir]);
  const chunks: (string | Buffer)[] = [];
  const data = (text: string | Buffer) => {
    const buf = typeof text === 'string' ? Buffer.from(text) : text;
    chunks.push(`data ${buf.length}\n`, buf, '\n');
  };
  let mark = 0;
  let lastTime = '0 +0000';
  for (const c of history) {
    chunks.push(`commit refs/heads/main\nmark :${++mark}\nauthor ${safeIdent(c.author)}\ncommitter ${safeIdent(c.committer)}\n`);
    data(c.message || '(no message)');
    if (mark > 1) chunks.push(`from :${mark - 1}\n`);
    for (const ch of c.changes) {
      if (ch.deleted) chunks.push(`D ${quote(ch.path)}\n`);
      else {
        chunks.push(`M 100644 inline ${quote(ch.path)}\n`);
        data(`placeholder of ${ch.path} at commit ${mark}\n`);
      }
    }
    lastTime = c.committer.split('> ').pop() ?? lastTime;
  }
  const [seconds, zone] = lastTime.split(' ');
  const when = `${Number(seconds) + 1} ${zone ?? '+0000'}`;
  chunks.push(`commit refs/heads/main\nmark :${++mark}\nauthor grainline eval <eval@grainline.invalid> ${when}\ncommitter grainline eval <eval@grainline.invalid> ${when}\n`);
  data('blind copy: declarations removed');
  if (mark > 1) chunks.push(`from :${mark - 1}\n`);
  chunks.push('deleteall\n');
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    chunks.push(`M 100644 inline ${quote(path)}\n`);
    data(content);
  }
  await pipeTo('git', ['fast-import', '--quiet', '--done'], dir, [...chunks, 'done\n']);
  await simpleGit(dir).raw(['symbolic-ref', 'HEAD', 'refs/heads/main']);
  return (await simpleGit(dir).revparse(['HEAD'])).trim();
}

/** fast-import refuses idents without `<email>` or with stray angle brackets in the name. */
function safeIdent(ident: string): string {
  const m = /^(.*?)\s*<([^>]*)>\s*(\d+ [+-]\d{4})$/.exec(ident);
  if (!m) return `unknown <unknown@invalid> 0 +0000`;
  const name = m[1].replace(/[<>\n]/g, '').trim() || 'unknown';
  return `${name} <${m[2].replace(/[<>\n]/g, '')}> ${m[3]}`;
}

const quote = (path: string) => JSON.stringify(path);

function pipeTo(cmd: string, args: string[], cwd: string, chunks: (string | Buffer)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args[0]} exited ${code}: ${err.slice(0, 500)}`))));
    proc.stdin.on('error', () => undefined);
    for (const c of chunks) proc.stdin.write(c);
    proc.stdin.end();
  });
}
