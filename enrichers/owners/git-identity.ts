import type { GitAuthor } from './git-log.js';

/**
 * Maps git authors onto the owner ids the repo declares, so that history corroborates
 * a declared owner instead of naming an address nobody wrote down. Keys, strongest first:
 * the same email; a GitHub noreply handle (`123+alice@users.noreply.github.com`) or an
 * email's local part equal to a handle or local part (`@alice`, `alice@corp.com`); the
 * author's name as a declared id spells it (`Alice Smith` -> `alice.smith`, `asmith`).
 * A key two declared ids share proves nothing and is dropped.
 */
export interface IdentityIndex {
  lookup(author: GitAuthor): { id: string; via: string } | undefined;
}

// local parts that name a mailbox, not a person
const GENERIC_LOCAL = new Set(['noreply', 'no-reply', 'git', 'dev', 'admin', 'root', 'info', 'data', 'team', 'user', 'github', 'ci', 'bot']);
const NOREPLY = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i;

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keys a declared id can be reached by. Team handles (`@org/team`) are nobody's commits. */
function declaredKeys(id: string): [string, string][] {
  const raw = id.trim().toLowerCase();
  if (/^@[^/\s]+\/\S+$/.test(raw)) return [];
  const out: [string, string][] = [];
  if (raw.includes('@') && !raw.startsWith('@')) {
    out.push([`e:${raw}`, 'email']);
    const local = raw.split('@')[0].split('+')[0];
    if (!GENERIC_LOCAL.has(local) && squash(local).length >= 3) out.push([`u:${squash(local)}`, 'email local part']);
  } else {
    const words = raw.replace(/^@/, '').split(/[\s._-]+/).filter(Boolean);
    if (squash(raw).length >= 3) out.push([`u:${squash(raw)}`, 'name']);
    if (words.length >= 2) out.push([`u:${words[0][0]}${squash(words.at(-1)!)}`, 'initial and surname']);
  }
  return out;
}

/** Keys a git author reaches: emails, noreply handles, local parts, and names spelled as ids are. */
function authorKeys(author: GitAuthor): [string, string][] {
  const out: [string, string][] = [];
  for (const email of author.emails) {
    const e = email.toLowerCase();
    out.push([`e:${e}`, 'email']);
    const handle = NOREPLY.exec(e)?.[1];
    if (handle) out.push([`u:${squash(handle)}`, 'GitHub noreply handle']);
    else {
      const local = e.split('@')[0].split('+')[0];
      if (!GENERIC_LOCAL.has(local) && squash(local).length >= 3) out.push([`u:${squash(local)}`, 'email local part']);
    }
  }
  for (const name of author.names) {
    const words = name.toLowerCase().split(/[\s._-]+/).filter(Boolean);
    if (!words.length) continue;
    if (squash(name).length >= 3) out.push([`u:${squash(name)}`, 'author name']);
    if (words.length >= 2) out.push([`u:${words[0][0]}${squash(words.at(-1)!)}`, 'author initial and surname']);
  }
  return out;
}

export function identityIndex(declaredIds: Iterable<string>): IdentityIndex {
  const index = new Map<string, { id: string; via: string } | null>();
  for (const id of declaredIds) {
    for (const [key, via] of declaredKeys(id)) {
      const had = index.get(key);
      if (had === undefined) index.set(key, { id, via });
      else if (had && had.id.toLowerCase() !== id.toLowerCase()) index.set(key, null);
    }
  }
  // one answer per author for the whole crawl: every table its commits touch asks again
  const memo = new WeakMap<GitAuthor, { id: string; via: string } | undefined>();
  const find = (author: GitAuthor): { id: string; via: string } | undefined => {
    if (memo.has(author)) return memo.get(author);
    const hit = search(author);
    memo.set(author, hit);
    return hit;
  };
  return { lookup: find };

  function search(author: GitAuthor): { id: string; via: string } | undefined {
    const keys = authorKeys(author);
    // exact emails first, then handles and names
    for (const [key, via] of [...keys.filter(([k]) => k.startsWith('e:')), ...keys.filter(([k]) => !k.startsWith('e:'))]) {
      const hit = index.get(key);
      if (hit) return { id: hit.id, via: `${via} matches declared ${hit.via}` };
    }
    return undefined;
  }
}
