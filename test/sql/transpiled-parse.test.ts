import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../enrichers/sql/parse.js';
import { grainCols, stmt } from './helpers.js';

describe('a query only polyglot reads keeps its shape', () => {
  // from Spider2's nba001 simulator models (DuckDB): `10 ^ (...)::real` is in no grammar of node-sql-parser
  const sql = `select s.game_id, max(( 1 - (1 / (10 ^ (-( s.away_elo - s.home_elo - 100)::real/400)+1))) * 10000) as home_win_probability
from games s group by s.game_id`;

  it('node-sql-parser alone cannot read it', () => {
    // proves: the case below exercises the re-written path, not the direct one
    expect(parseStatement(sql, 'postgres').ok).toBe(false);
  });

  it('grain and columns come from the query as polyglot re-writes it, without a warning', () => {
    // proves: no `sql-shape-unparsed` (stmt() fails on any warning) and GROUP BY gives the grain
    const s = stmt(sql, 'postgres');
    expect(s.sources).toEqual(['games']);
    expect(s.columns.map((c) => c.name)).toEqual(['game_id', 'home_win_probability']);
    expect(grainCols(s)).toEqual([['game_id']]);
  });
});
