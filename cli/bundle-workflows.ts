// The child process that bundles the workflow code (cli/workflow-bundle-cache.ts runs it
// on a cache miss): webpack stays out of the worker's heap. Prints the bundle as JSON,
// with the files webpack read, so the cache can be keyed by exactly those.
import { statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

const here = fileURLToPath(import.meta.url);
// index.ts beside the sources (through tsx), index.js in the compiled dist/
const workflowsPath = join(dirname(here), '..', 'workflows', `index${extname(here)}`);

const startedAt = Date.now();
const files = new Set<string>();
const bundle = await bundleWorkflowCode({
  workflowsPath,
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
  webpackConfigHook: (config) => {
    // Sources import './x.js' (NodeNext style) while the files are .ts.
    config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
    config.plugins = [
      ...(config.plugins ?? []),
      {
        apply(compiler) {
          compiler.hooks.done.tap('grainline-bundle-inputs', (stats) => {
            for (const f of stats.compilation.fileDependencies) files.add(f);
          });
        },
      },
    ];
    return config;
  },
});
// webpack lists folders too, and the generated entry point lives in its memory: neither is keyed by
const onDisk = [...files].filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile()).sort();
process.stdout.write(JSON.stringify({ ...bundle, workflowsPath, files: onDisk, startedAt }));
