#!/usr/bin/env node
// `npm run bench -- [--tables 100000] [--runs 3] [--seed 7] [--cli | --no-cli] [--cli-tables 10000]`:
// the speed benchmarks (scripts/bench.ts), run from the TypeScript sources through tsx.
// The CLI they time is the compiled one: built first, so it is current.
import { register } from 'tsx/esm/api';
import { build } from './build.mjs';

await build();
register();
const { benchMain } = await import('./bench.ts');
process.exitCode = await benchMain(process.argv.slice(2));
