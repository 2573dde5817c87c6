#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between `npm ci`
// and the first command, and stack traces point at the files you edit.
import { register } from 'tsx/esm/api';

register();
// `grainline export | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('../cli/main.ts');
// Every command returns only when its work is over (worker, up and mcp included), so
// exit then: a Temporal runtime or connection left open must not keep the process alive.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code)); // after stdout has drained
