import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../cli/diff/markdown.js';
import { RULES } from '../../cli/diff/rules.js';

/** The composite action in action.yml, read as GitHub reads it: the parts that must hold. */
describe('action.yml', () => {
  const action = parse(readFileSync(join(import.meta.dirname, '..', '..', 'action.yml'), 'utf8'));

  it('is a composite action whose run steps all name a shell', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.name).toBe('bash');
  });

  it('runs the diff with the rules it documents, and finds its comment by the marker the CLI writes', () => {
    const script = action.runs.steps.map((s: { run?: string; with?: { script?: string } }) => `${s.run ?? ''}${s.with?.script ?? ''}`).join('\n');
    expect(script).toContain('bin/grainline.js" diff');
    expect(script).toContain(COMMENT_MARKER);
    for (const rule of action.inputs['fail-on'].default.split(',')) expect(Object.keys(RULES)).toContain(rule);
    for (const rule of Object.keys(RULES)) expect(action.inputs['fail-on'].description).toContain(rule);
  });
});
