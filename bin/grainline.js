#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between `npm ci`
// and the first command, and stack traces point at the files you edit.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
