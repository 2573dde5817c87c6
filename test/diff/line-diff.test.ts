import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../cli/diff/line-diff.js';

const render = (before: string, after: string) => lineDiff(before, after).map((l) => `${l.op}${l.text}`);

describe('lineDiff', () => {
  it('keeps common lines and shows a replaced line as a removal then an addition', () => {
    expect(render('a\nb\nc', 'a\nB\nc')).toEqual([' a', '-b', '+B', ' c']);
  });

  it('finds the longest common run, not the first match', () => {
    expect(render('x\na\nb\nc', 'a\nb\nc\nx')).toEqual(['-x', ' a', ' b', ' c', '+x']);
  });

  it('treats an empty side as no lines at all', () => {
    expect(render('', 'a\nb')).toEqual(['+a', '+b']);
    expect(render('a', '')).toEqual(['-a']);
    expect(render('', '')).toEqual([]);
  });
});
