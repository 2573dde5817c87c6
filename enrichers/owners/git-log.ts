/**
 * Parses the output of one `git log` pass over the whole repo into a per-file index.
 * One pass, not one process per file: at 100k tables the process count is the cost.
 */

/**
 * `-z` keeps file names unquoted and unambiguous (spaces, non-ASCII, even newlines).
 * `%aN`/`%aE` are the author as the repo's `.mailmap` names them (git reads it from the
 * work tree, or from HEAD in a bare repo); the raw `%an`/`%ae` stay so that a log cached
 * before the mailmap changed still merges with one read after.
 */
export const GIT_LOG_ARGS = [
  'log',
  '--no-merges',
  '--no-renames',
  '-z',
  '--format=%x1e%H%x1f%an%x1f%ae%x1f%at%x1f%aN%x1f%aE',
  '--name-only',
];

export interface GitCommit {
  hash: string;
  /** index into GitHistory.authors, after merging identities */
  author: number;
  /** author time, milliseconds since the epoch */
  time: number;
  /** how many files the commit touched: sweeping commits say little about ownership */
  fileCount: number;
}

export interface GitAuthor {
  /** the identity's most used email, lower-cased; the owner id */
  id: string;
  names: string[];
  emails: string[];
}

export interface GitHistory {
  commits: GitCommit[];
  authors: GitAuthor[];
  /** file path -> indices into commits, newest first (git log order) */
  byFile: Map<string, number[]>;
}

interface RawCommit {
  hash: string;
  name: string;
  email: string;
  /** the address the commit was made with, when .mailmap maps it to `email` */
  rawEmail?: string;
  time: number;
  files: string[];
}

export function parseGitLog(text: string): GitHistory {
  const raws = text
    .split('\x1e')
    .map(parseRecord)
    .filter((c): c is RawCommit => c !== undefined)
    // newest first whatever order the log came in (a cached log with the commits since appended is not in walk order)
    .sort((a, b) => b.time - a.time || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const { authorOf, authors } = mergeIdentities(raws);
  const commits: GitCommit[] = [];
  const byFile = new Map<string, number[]>();
  raws.forEach((raw, i) => {
    commits.push({ hash: raw.hash, author: authorOf[i], time: raw.time, fileCount: raw.files.length });
    for (const file of raw.files) {
      const list = byFile.get(file);
      if (list) list.push(i);
      else byFile.set(file, [i]);
    }
  });
  return { commits, authors, byFile };
}

function parseRecord(chunk: string): RawCommit | undefined {
  // -z ends the header with NUL; without -z it ends with a newline
  const zMode = chunk.includes('\0');
  const headerEnd = zMode ? chunk.indexOf('\0') : chunk.indexOf('\n');
  const header = headerEnd < 0 ? chunk : chunk.slice(0, headerEnd);
  const fields = header.split('\x1f');
  if (fields.length < 4) return undefined;
  const [hash, rawName, rawEmail, at, mappedName, mappedEmail] = fields;
  const name = mappedName?.trim() || rawName;
  const email = mappedEmail?.trim() || rawEmail;
  const seconds = Number(at.trim());
  if (!hash.trim() || !Number.isFinite(seconds)) return undefined;
  const body = headerEnd < 0 ? '' : chunk.slice(headerEnd + 1).replace(/^\n/, '');
  const files = (zMode ? body.split('\0') : body.split('\n')).filter((f) => f.length > 0);
  const mapped = email.trim().toLowerCase() !== rawEmail.trim().toLowerCase();
  return { hash: hash.trim(), name: name.trim(), email: email.trim(), ...(mapped ? { rawEmail: rawEmail.trim() } : {}), time: seconds * 1000, files };
}

// names too generic to prove two emails are one person
const GENERIC_NAMES = new Set(['', 'root', 'admin', 'ubuntu', 'user', 'unknown', 'ci', 'jenkins', 'build']);

/** People commit under several emails and spell names differently; union on either. */
function mergeIdentities(raws: RawCommit[]): { authorOf: number[]; authors: GitAuthor[] } {
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const keyIndex = new Map<string, number>();
  const identityOf = (key: string): number => {
    let id = keyIndex.get(key);
    if (id === undefined) {
      id = parent.length;
      parent.push(id);
      keyIndex.set(key, id);
    }
    return id;
  };
  const rawIdentity = raws.map((raw) => {
    const email = identityOf(`e:${raw.email.toLowerCase()}`);
    // .mailmap said the raw address is this person: commits logged under it before merge too
    if (raw.rawEmail) parent[find(identityOf(`e:${raw.rawEmail.toLowerCase()}`))] = find(email);
    const name = normalizePersonName(raw.name);
    if (!GENERIC_NAMES.has(name)) parent[find(identityOf(`n:${name}`))] = find(email);
    return email;
  });

  const clusterIndex = new Map<number, number>();
  const emailCounts: Map<string, number>[] = [];
  const names: Set<string>[] = [];
  const authorOf = raws.map((raw, i) => {
    const root = find(rawIdentity[i]);
    let a = clusterIndex.get(root);
    if (a === undefined) {
      a = emailCounts.length;
      clusterIndex.set(root, a);
      emailCounts.push(new Map());
      names.push(new Set());
    }
    const email = raw.email.toLowerCase();
    emailCounts[a].set(email, (emailCounts[a].get(email) ?? 0) + 1);
    // the unmapped address still identifies the person (a noreply handle, say), though never as the id
    if (raw.rawEmail && !emailCounts[a].has(raw.rawEmail.toLowerCase())) emailCounts[a].set(raw.rawEmail.toLowerCase(), 0);
    names[a].add(raw.name);
    return a;
  });
  const authors = emailCounts.map((counts, a) => {
    const emails = [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
    return { id: emails[0][0], names: [...names[a]], emails: emails.map(([e]) => e) };
  });
  return { authorOf, authors };
}

function normalizePersonName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}
