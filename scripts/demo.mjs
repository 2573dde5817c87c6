#!/usr/bin/env node
// `npm run demo`: generate an example monorepo (dbt, SQL jobs, Airflow, Spark, with
// git history), enrich it on the embedded Temporal server into an on-disk LanceDB,
// and ask the catalog a question. Everything lands under .grainline/demo/.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../cli/temporal-cli.mjs';

const base = join(projectRoot, '.grainline', 'demo');
const repo = join(base, 'repo');
const db = join(base, 'db');
const cli = join(projectRoot, 'bin', 'grainline.js');
const run = (args) => execFileSync(process.execPath, [cli, ...args], { stdio: 'inherit' });

if (existsSync(base)) rmSync(base, { recursive: true, force: true });
console.log('1/3 generating an example monorepo in', repo);
run(['fixture', '--tables', '80', '--seed', '7', '--out', repo, '--truth', join(base, 'truth.json')]);
console.log('\n2/3 enriching it (embedded Temporal dev server, LanceDB at', db + ')');
run(['enrich', '--repo', repo, '--db', db]);
// Ask one of the generated analysts' questions, and say which table answers it.
const truth = JSON.parse(readFileSync(join(base, 'truth.json'), 'utf8'));
const { question, gold } = truth.questions[0];
console.log(`\n3/3 searching: "${question}"  (the table that answers it: ${gold.join(', ')})`);
run(['search', question, '--db', db, '--limit', '3']);
console.log(`\nTry: npx grainline show <table> --db ${db}   or   npx grainline export --db ${db}`);
