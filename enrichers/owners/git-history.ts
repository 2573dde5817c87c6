import type { OwnerFact } from '../../schemas/facts.js';
import type { GitAuthor, GitHistory } from './git-log.js';

export { GIT_LOG_ARGS, parseGitLog } from './git-log.js';
export type { GitAuthor, GitCommit, GitHistory } from './git-log.js';

export interface RankAuthorsOptions {
  /** a commit this old counts half as much as one made today */
  halfLifeDays?: number;
  /** git is the weakest owner evidence: it ranks after every other inference (rank.ts) and stays at or below 0.4 */
  maxConfidence?: number;
  /** commits touching more files than this are sweeps (reformat, rename) and count less */
  bulkCommitFiles?: number;
  bulkCommitWeight?: number;
  /** authors below this share of the table's score are noise */
  minShare?: number;
  maxAuthors?: number;
  isBot?: (author: GitAuthor) => boolean;
  /** the declared owner id an author is (git-identity.ts); authors mapped to one id are added up */
  identify?: (author: GitAuthor) => { id: string; via: string } | undefined;
}

const DAY_MS = 86_400_000;

const DEFAULTS: Required<RankAuthorsOptions> = {
  halfLifeDays: 180,
  maxConfidence: 0.4,
  bulkCommitFiles: 100,
  bulkCommitWeight: 0.1,
  minShare: 0.05,
  maxAuthors: 5,
  isBot: isBotAuthor,
  identify: () => undefined,
};

const BOT_WORDS = /dependabot|renovate|github-actions|greenkeeper|snyk-bot|pre-commit-ci|semantic-release-bot/i;

export function isBotAuthor(author: GitAuthor): boolean {
  const ids = [...author.names, ...author.emails];
  if (ids.some((s) => s.includes('[bot]') || BOT_WORDS.test(s))) return true;
  // `123+alice@users.noreply.github.com` is a person hiding an email; `noreply@x` is a machine
  if (author.emails.some((e) => /^(no-?reply|bot|automation|ci)@/i.test(e))) return true;
  return author.names.some((n) => /(^|[\s_-])bot$/i.test(n.trim()));
}

/**
 * Recent, frequent authors of a table's defining files, best first. Each commit
 * counts once per table however many of its files it touched, decayed by age.
 * `now` is in milliseconds since the epoch.
 */
export function rankAuthors(
  history: GitHistory,
  files: string[],
  now: number,
  opts: RankAuthorsOptions = {},
): OwnerFact[] {
  const o = { ...DEFAULTS, ...opts };
  const seen = new Set<number>();
  const tally = new Map<number, { score: number; commits: number; last: number; file: string }>();
  const botCache = new Map<number, boolean>();
  for (const file of files) {
    for (const c of history.byFile.get(file) ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      const commit = history.commits[c];
      let bot = botCache.get(commit.author);
      if (bot === undefined) botCache.set(commit.author, (bot = o.isBot(history.authors[commit.author])));
      if (bot) continue;
      const ageDays = Math.max(0, now - commit.time) / DAY_MS;
      const bulk = commit.fileCount > o.bulkCommitFiles ? o.bulkCommitWeight : 1;
      const weight = bulk * Math.pow(0.5, ageDays / o.halfLifeDays);
      const t = tally.get(commit.author) ?? { score: 0, commits: 0, last: 0, file };
      t.score += weight;
      t.commits += 1;
      if (commit.time > t.last) {
        t.last = commit.time;
        t.file = file;
      }
      tally.set(commit.author, t);
    }
  }
  const total = [...tally.values()].reduce((s, t) => s + t.score, 0);
  if (total <= 0) return [];
  // several git identities can be one declared owner (a work address and a noreply handle)
  const people = new Map<string, { id: string; via?: string; score: number; commits: number; last: number; file: string }>();
  for (const [author, t] of tally) {
    const mapped = o.identify(history.authors[author]);
    const id = mapped?.id ?? history.authors[author].id;
    const p = people.get(id.toLowerCase());
    if (!p) people.set(id.toLowerCase(), { id, via: mapped?.via, ...t });
    else {
      p.score += t.score;
      p.commits += t.commits;
      if (t.last > p.last) [p.last, p.file] = [t.last, t.file];
      p.via ??= mapped?.via;
    }
  }
  return [...people.values()]
    .map((a) => ({ ...a, share: a.score / total }))
    .filter((a) => a.share >= o.minShare)
    .sort((a, b) => b.score - a.score || b.commits - a.commits || a.id.localeCompare(b.id))
    .slice(0, o.maxAuthors)
    .map((a) => ({
      id: a.id,
      kind: 'user' as const,
      source: 'git' as const,
      confidence: round(o.maxConfidence * a.share),
      file: a.file,
      detail: `${a.commits} commit${a.commits === 1 ? '' : 's'}, last ${new Date(a.last).toISOString().slice(0, 10)}${a.via ? `; author ${a.via}` : ''}`,
    }));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
