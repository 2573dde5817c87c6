#!/usr/bin/env node
// `npm run bench -- [--tables 100000] [--runs 3] [--seed 7]`: the speed benchmarks
// (scripts/bench.ts), run from the TypeScript sources through tsx like the CLI.
import { register } from 'tsx/esm/api';

register();
const { benchMain } = await import('./bench.ts');
process.exitCode = await benchMain(process.argv.slice(2));
