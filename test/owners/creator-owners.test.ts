import { describe, expect, it } from 'vitest';
import { creatorOwners } from '../../enrichers/owners/creator-owners.js';
import type { GitHistory } from '../../enrichers/owners/git-log.js';
import { declared, table } from './owner-fixtures.js';

// Shapes from ncl-icb-analytics/dbt-ncl-analytics: one model per .sql + .yml, `meta.owner.name`
// written as the creator's GitHub handle while git knows them by display name and noreply address.
const authors = [
  { id: '143042680+eddiedavison92@users.noreply.github.com', names: ['Eddie Davison'], emails: ['143042680+eddiedavison92@users.noreply.github.com'] },
  { id: 'kate.homer2@nhs.net', names: ['Kate Homer'], emails: ['kate.homer2@nhs.net'] },
  { id: '41898282+github-actions[bot]@users.noreply.github.com', names: ['github-actions[bot]'], emails: ['41898282+github-actions[bot]@users.noreply.github.com'] },
];
const DAY = 86_400_000;
/** Each model's files, created by one commit of `author` (fileCount: how many files that commit touched). */
function history(created: Record<string, { author: number; files?: number }>): GitHistory {
  const h: GitHistory = { commits: [], authors, byFile: new Map() };
  Object.entries(created).forEach(([name, c], i) => {
    h.commits.push({ hash: `c${i}`, author: c.author, time: i * DAY, fileCount: c.files ?? 2 });
    // a later edit by someone else: the creator is the oldest commit, not the latest
    h.commits.push({ hash: `e${i}`, author: 1 - Math.min(c.author, 1), time: (i + 100) * DAY, fileCount: 1 });
    h.byFile.set(`models/olids/${name}.sql`, [h.commits.length - 1, h.commits.length - 2]);
  });
  return h;
}
const model = (name: string, owner?: string) =>
  table(`modelling.${name}`, { kind: 'dbt model', files: [`models/olids/${name}.yml`, `models/olids/${name}.sql`], declared: owner ? [declared(owner, 'dbt-yaml')] : [] });

describe('creatorOwners', () => {
  const tables = [
    model('int_bmi_latest', 'EddieDavison92'),
    model('int_bp_latest', 'EddieDavison92'),
    model('int_smi_glucose', 'Eddie Davison'),
    model('int_smi_exercise', 'KateHomer55'),
    model('int_frailty_all'),
    model('int_smi_bp_declined'),
  ];
  const h = history({
    int_bmi_latest: { author: 0 },
    int_bp_latest: { author: 0 },
    int_smi_glucose: { author: 0 },
    int_smi_exercise: { author: 1 },
    int_frailty_all: { author: 0 },
    int_smi_bp_declined: { author: 1 },
  });

  it("a table that declares no owner gets the id its creator's other tables declare, in the repo's spelling", () => {
    // proves: Eddie's noreply identity maps to 'EddieDavison92' (2 of his 3 tables) at 0.7 x 2/3 x 3/4 = 0.35
    expect(creatorOwners(tables, h).get('modelling.int_frailty_all')).toEqual([
      expect.objectContaining({ id: 'EddieDavison92', source: 'heuristic', confidence: 0.35 }),
    ]);
    // proves: the creator counts, not the later editor (Eddie edited Kate's model last)
    expect(creatorOwners(tables, h).get('modelling.int_smi_bp_declined')?.[0].id).toBe('KateHomer55');
  });

  it('declared tables get nothing; a bot or a sweeping commit names no creator', () => {
    // proves: inference fills gaps only, and bulk or bot creations are skipped
    const swept = history({ int_bmi_latest: { author: 0 }, int_bp_latest: { author: 0 }, int_smi_glucose: { author: 0 }, int_smi_exercise: { author: 1 }, int_frailty_all: { author: 0, files: 400 }, int_smi_bp_declined: { author: 2 } });
    const out = creatorOwners(tables, swept);
    expect([...out.keys()]).toEqual([]);
  });

  it("a creator's tables split evenly between owners: the one created nearest in time decides", () => {
    // proves: a tie goes to the nearest creation (b, a day before c), not to the alphabetically first id
    const even = [model('a', 'x@nhs.net'), model('b', 'y@nhs.net'), model('c')];
    expect(creatorOwners(even, history({ a: { author: 0 }, b: { author: 0 }, c: { author: 0 } })).get('modelling.c')?.[0].id).toBe('y@nhs.net');
  });

  it('the spelling a creator is declared by near the time the table was made wins over their overall most frequent', () => {
    // proves: 6 early tables say 'Eddie Davison', the 5 made just before say 'EddieDavison92' -> the newer spelling
    const early = Array.from({ length: 6 }, (_, i) => model(`old_${i}`, 'Eddie Davison'));
    const late = Array.from({ length: 5 }, (_, i) => model(`new_${i}`, 'EddieDavison92'));
    const made = Object.fromEntries([...early, ...late, model('newest')].map((t) => [t.id.split('.')[1], { author: 0 }]));
    const out = creatorOwners([...early, ...late, model('newest')], history(made));
    expect(out.get('modelling.newest')?.[0]).toMatchObject({ id: 'EddieDavison92', confidence: 0.642 });
  });
});
