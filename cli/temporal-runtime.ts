import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { findTemporalCli, installTemporalCli } from './temporal-cli.mjs';
import { UserError } from '../infra/errors.js';
import { processAlive, startDevServer } from './dev-server.js';
import { temporalConfig, type TemporalConfig } from '../infra/config/temporal-settings.js';
import { resolveSettings } from '../infra/config/resolve-config.js';

export interface TemporalHandle {
  client: Client;
  nativeConnection: NativeConnection;
  config: TemporalConfig;
  /** true when Grainline started the server itself */
  embedded: boolean;
  address: string;
  /** the db's state dir, when there is one: the workflow bundle is cached there */
  stateDir?: string;
  /** Temporal's web UI, when the embedded server serves one */
  uiAddress?: string;
  /** `waitForServer: false`: an embedded server is asked to stop, not waited for (a command about to exit) */
  close(opts?: { waitForServer?: boolean }): Promise<void>;
}

let sdk: Promise<[typeof import('@temporalio/client'), typeof import('@temporalio/worker')]> | undefined;
/**
 * The SDK's modules, loaded on first use (most of a second): an embedded server is
 * spawned first and boots while they load. The core runtime is made quiet before any
 * connection: it logs every poll at INFO; a CLI user wants warnings and errors only.
 */
function loadSdk(): NonNullable<typeof sdk> {
  sdk ??= Promise.all([import('@temporalio/client'), import('@temporalio/worker')]).then((mods) => {
    const { Runtime, makeTelemetryFilterString } = mods[1];
    try {
      Runtime.install({
        logger: new (class {
          log() {}
          trace() {}
          debug() {}
          info() {}
          warn(m: string) { if (resolveSettings().debug) console.warn(m); }
          error(m: string, meta?: unknown) { console.error(m, meta ?? ''); }
        })(),
        telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
      });
    } catch {
      /* already installed by the host process (tests) */
    }
    return mods;
  });
  return sdk;
}

function cliExecutable(): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  const found = findTemporalCli();
  if (found) return { type: 'existing-path', path: found.path };
  try {
    return { type: 'existing-path', path: installTemporalCli({ quiet: true }) };
  } catch {
    // Last resort for machines with internet: the SDK downloads the CLI itself.
    return { type: 'cached-download' };
  }
}

/** A server that does not answer is the user's to start (exit 2), with the way to do it. */
function unreachable(address: string, err: unknown): UserError {
  return new UserError(
    `no Temporal server answers at ${address}: ${(err as Error).message}. ` +
      'Start one (`temporal server start-dev`), or unset TEMPORAL_ADDRESS to let grainline start its own on the --db folder',
  );
}

/**
 * Connects to TEMPORAL_ADDRESS when set; otherwise joins the dev server another
 * command started for the same state dir while it is alive, or starts the Temporal
 * CLI's dev server, persisting to `stateDir/temporal.db` so an interrupted run can
 * resume. A server this command starts is published in `stateDir/temporal.address`
 * (`publish: false` keeps it private) and stops with this command (cli/dev-server.ts).
 */
export async function openTemporal(
  opts: { stateDir?: string; env?: NodeJS.ProcessEnv; publish?: boolean; ui?: boolean } = {},
): Promise<TemporalHandle> {
  const config = temporalConfig(opts.env);
  const addressFile = opts.stateDir ? join(opts.stateDir, 'temporal.address') : undefined;
  const publish = opts.publish ?? true;
  // An embedded server's address is published: other commands on the same db join it
  // rather than wait for a second server on the same state file.
  if (!config.address && addressFile) {
    const published = await livePublishedServer(addressFile);
    if (published) return openTemporal({ ...opts, publish: false, env: { ...opts.env, ...process.env, TEMPORAL_ADDRESS: published } });
  }
  if (config.address) {
    const tls = config.tls
      ? {
          serverNameOverride: config.tls.serverName,
          clientCertPair: config.tls.certPath && config.tls.keyPath
            ? { crt: await readBytes(config.tls.certPath), key: await readBytes(config.tls.keyPath) }
            : undefined,
        }
      : config.apiKey ? true : undefined;
    const [{ Client, Connection }, { NativeConnection }] = await loadSdk();
    const connection = await Connection.connect({ address: config.address, tls, apiKey: config.apiKey }).catch((err) => {
      throw unreachable(config.address!, err);
    });
    const nativeConnection = await NativeConnection.connect({ address: config.address, tls, apiKey: config.apiKey });
    const client = new Client({ connection, namespace: config.namespace });
    return {
      client, nativeConnection, config, embedded: false, address: config.address, stateDir: opts.stateDir,
      close: async () => { await nativeConnection.close(); await connection.close(); },
    };
  }
  let dbFilename: string | undefined;
  if (opts.stateDir) {
    mkdirSync(opts.stateDir, { recursive: true });
    dbFilename = join(opts.stateDir, 'temporal.db');
  }
  const exe = cliExecutable();
  void loadSdk().catch(() => undefined); // while the server boots; awaited where used
  if (exe.type === 'cached-download') return { ...(await downloadedDevServer(config, dbFilename)), stateDir: opts.stateDir };
  const server = await startDevServer({
    cliPath: exe.path,
    namespace: config.namespace,
    dbFilename,
    ui: opts.ui,
    isReady: async (address) => (await reachable(address)) && (await namespaceReady(address, config.namespace)),
  });
  if (publish && addressFile) writeFileSync(addressFile, `${server.address} ${process.pid}\n`);
  const [{ Client, Connection }, { NativeConnection }] = await loadSdk();
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  return {
    client: new Client({ connection, namespace: config.namespace }),
    nativeConnection,
    config,
    embedded: true,
    address: server.address,
    stateDir: opts.stateDir,
    uiAddress: server.uiAddress,
    close: async ({ waitForServer = true } = {}) => {
      if (publish && addressFile) rmSync(addressFile, { force: true });
      await nativeConnection.close().catch(() => undefined);
      await connection.close();
      await server.stop({ waitForExit: waitForServer });
    },
  };
}

/** Machines with internet and no CLI anywhere: the SDK downloads and runs one. */
async function downloadedDevServer(config: TemporalConfig, dbFilename: string | undefined): Promise<TemporalHandle> {
  await loadSdk(); // the quiet runtime first
  const { TestWorkflowEnvironment } = await import('@temporalio/testing'); // loaded only here: most commands never need it
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download' }, dbFilename, namespace: config.namespace, ui: false },
  });
  return {
    client: env.client, nativeConnection: env.nativeConnection, config, embedded: true, address: env.address,
    close: () => env.teardown(),
  };
}

/**
 * The address in `file` when the command that wrote it is alive and its port open
 * (a command killed with SIGKILL leaves its file behind; its server died with it).
 * Older files hold the address alone: the port decides.
 */
async function livePublishedServer(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  const [address, pid] = readFileSync(file, 'utf8').trim().split(/\s+/);
  if (!address || (pid && !processAlive(Number(pid)))) return undefined;
  return (await reachable(address)) ? address : undefined;
}

/** The port opens before the namespace exists; a describe call tells them apart. */
async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  const [{ Connection }] = await loadSdk();
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

async function readBytes(path: string): Promise<Buffer> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path);
}

function reachable(address: string): Promise<boolean> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const sock = createConnection({ host, port, timeout: 1000 });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => { sock.destroy(); resolve(false); });
  });
}
