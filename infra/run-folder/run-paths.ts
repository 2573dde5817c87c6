/**
 * Every path under the state folder, in one place. Workflows carry these paths and
 * compute some of them (a run's folder, the caches), so this module imports nothing
 * from Node: it is bundled into the deterministic workflow code as it is.
 */

/** The state folder beside a catalog: `<db>/_grainline`, or a work folder for a remote db. */
export const statePaths = (stateDir: string) => ({
  runs: `${stateDir}/runs`,
  run: (runId: string) => `${stateDir}/runs/${runId}`,
  /** the analysis caches (infra/cache/), kept across runs */
  analysisCache: `${stateDir}/analysis-cache`,
  /** what the coding model last answered for, carried from run to run */
  modelFingerprints: `${stateDir}/model-fingerprints.jsonl`,
  /** one command-line run per db */
  runLock: `${stateDir}/run.lock`,
  /** one writer per db */
  writerLock: `${stateDir}/writer.lock`,
});

const shardFile = (i: number) => `shard-${String(i).padStart(5, '0')}`;
const lastPart = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
/** a model shard is named after the catalog shard it read (or the diff's selection) */
const modelShard = (shardPath: string) => lastPart(shardPath).replace(/\.jsonl$/, '');

/**
 * The layout of one run's folder. A nightly run's folder is `<state>/runs/<runId>`
 * (`statePaths().run`); `diff` crawls into scratch folders laid out alike.
 */
export const runPaths = (runDir: string) => ({
  runId: lastPart(runDir),
  /** the state folder a nightly run's folder sits in */
  state: statePaths(parentOf(parentOf(runDir))),
  catalogDir: `${runDir}/catalog`,
  catalogShard: (i: number) => `${runDir}/catalog/${shardFile(i)}.jsonl`,
  /** each line's [id, entry fingerprint], in line order: lets a shard skip unchanged tables unparsed */
  catalogKeys: (i: number) => `${runDir}/catalog/${shardFile(i)}.keys.json`,
  recordsDir: `${runDir}/records`,
  recordShard: (i: number) => `${runDir}/records/${shardFile(i)}.jsonl`,
  usageShard: (i: number) => `${runDir}/usage/${shardFile(i)}.jsonl`,
  /** the stored fingerprints of one shard's tables, as the plan read them from the catalog */
  storedDir: `${runDir}/stored`,
  stored: (shard: number) => `${runDir}/stored/${shard}.json`,
  index: `${runDir}/catalog-index.json`,
  /** a partial run's ids (only / force), written once instead of riding in every shard's input */
  selection: `${runDir}/selection.json`,
  warnings: `${runDir}/warnings.jsonl`,
  annotations: `${runDir}/annotations.json`,
  deletions: `${runDir}/deletions.json`,
  summary: `${runDir}/run.json`,
  /** the repo files the crawl read, for the model's context and tools */
  snapshot: `${runDir}/snapshot`,
  model: {
    dir: `${runDir}/model`,
    /** the model's answers for one catalog shard (`enrich` reads them by shard number) */
    output: (shardPath: string) => `${runDir}/model/${modelShard(shardPath)}.jsonl`,
    forShard: (i: number) => `${runDir}/model/${shardFile(i)}.jsonl`,
    /** results land here one by one, so a retried activity resumes instead of redoing the shard */
    partial: (shardPath: string) => `${runDir}/model/${modelShard(shardPath)}.jsonl.partial`,
    batchState: (shardPath: string) => `${runDir}/model/${modelShard(shardPath)}.batch.json`,
    batchInput: (shardPath: string) => `${runDir}/model/${modelShard(shardPath)}.batch-input.jsonl`,
    index: `${runDir}/model/catalog-index.jsonl`,
    fingerprints: `${runDir}/model/fingerprints.jsonl`,
  },
});

/**
 * Small enough that one activity's work is a few seconds; large enough that a
 * nightly run, where most shards have little to enrich, is not a crowd of activities
 * each paying its round trip through Temporal.
 */
export const SHARD_SIZE = 2000;
