import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

const workflowsPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'workflows', 'index.ts');

// Run by `workflowBundle` (worker.ts) in a child process: webpack stays out of the worker's heap.
const bundle = await bundleWorkflowCode({
  workflowsPath,
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
  webpackConfigHook: (config) => {
    // Sources import './x.js' (NodeNext style) while the files are .ts.
    config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
    return config;
  },
});
process.stdout.write(JSON.stringify(bundle));
