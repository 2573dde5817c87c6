#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (scripts/build.mjs; `npm ci` builds it), or the
// TypeScript sources through tsx when there is no build or a source changed since it
// (a dev checkout mid-edit): compiled code older than its sources never runs.
// GRAINLINE_FROM_SOURCE=1 runs the sources whatever the build.
import { buildIsFresh } from './build-freshness.mjs';

const compiled = !process.env.GRAINLINE_FROM_SOURCE && buildIsFresh();
if (!compiled) {
  if (process.stderr.isTTY && !process.env.GRAINLINE_FROM_SOURCE) {
    console.error('grainline: sources changed since the last build; running them through tsx (`npm run build` starts faster)');
  }
  const { register } = await import('tsx/esm/api');
  register();
} else if (process.env.GRAINLINE_DEBUG) {
  process.setSourceMapsEnabled(true); // stack traces name the .ts lines (off otherwise: it slows every module's load)
}
// `grainline export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(compiled ? '../dist/cli/main.js' : '../cli/main.ts');
// Every command returns only when its work is over (worker, up and mcp included), so
// exit then: a Temporal runtime or connection left open must not keep the process alive.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code)); // after stdout has drained
