#!/usr/bin/env node
// `npm run chaos -- --trials N [--tables 150] [--seed 7]` (or `--kill-at write-committed,before-run-record`): SIGKILLs of the CLI, the worker
// and the Temporal server mid-run, each followed by a re-run compared with a clean run
// (scripts/chaos.ts), run from the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { chaosMain } = await import('./chaos.ts');
process.exitCode = await chaosMain(process.argv.slice(2));
