import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { findTemporalCli, installTemporalCli } from '../scripts/temporal-cli.mjs';
import { startDevServer } from './dev-server.js';
import { temporalConfig, type TemporalConfig } from '../temporal.config.js';

export interface TemporalHandle {
  client: Client;
  nativeConnection: NativeConnection;
  config: TemporalConfig;
  /** true when Grainline started the server itself */
  embedded: boolean;
  address: string;
  /** Temporal's web UI, when the embedded server serves one */
  uiAddress?: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;
function quietRuntime(): void {
  // The core SDK logs every poll at INFO; a CLI user wants warnings and errors only.
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new (class {
        log() {}
        trace() {}
        debug() {}
        info() {}
        warn(m: string) { if (process.env.GRAINLINE_DEBUG) console.warn(m); }
        error(m: string, meta?: unknown) { console.error(m, meta ?? ''); }
      })(),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    /* already installed by the host process (tests) */
  }
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

/**
 * Connects to TEMPORAL_ADDRESS when set; otherwise starts the Temporal CLI's dev
 * server, persisting to `stateDir/temporal.db` so an interrupted run can resume.
 */
export async function openTemporal(
  opts: { stateDir?: string; env?: NodeJS.ProcessEnv; publish?: boolean; ui?: boolean } = {},
): Promise<TemporalHandle> {
  quietRuntime();
  const config = temporalConfig(opts.env);
  const addressFile = opts.stateDir ? join(opts.stateDir, 'temporal.address') : undefined;
  // `grainline up` publishes its embedded server's address: other commands join it
  // rather than start a second server on the same state file.
  if (!config.address && addressFile && existsSync(addressFile)) {
    const published = readFileSync(addressFile, 'utf8').trim();
    if (await reachable(published)) return openTemporal({ ...opts, publish: false, env: { ...opts.env, ...process.env, TEMPORAL_ADDRESS: published } });
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
    const connection = await Connection.connect({ address: config.address, tls, apiKey: config.apiKey });
    const nativeConnection = await NativeConnection.connect({ address: config.address, tls, apiKey: config.apiKey });
    const client = new Client({ connection, namespace: config.namespace });
    return {
      client, nativeConnection, config, embedded: false, address: config.address,
      close: async () => { await nativeConnection.close(); await connection.close(); },
    };
  }
  let dbFilename: string | undefined;
  if (opts.stateDir) {
    mkdirSync(opts.stateDir, { recursive: true });
    dbFilename = join(opts.stateDir, 'temporal.db');
  }
  const exe = cliExecutable();
  if (exe.type === 'cached-download') return downloadedDevServer(config, dbFilename);
  const server = await startDevServer({
    cliPath: exe.path,
    namespace: config.namespace,
    dbFilename,
    ui: opts.ui,
    isReady: async (address) => (await reachable(address)) && (await namespaceReady(address, config.namespace)),
  });
  if (opts.publish && addressFile) writeFileSync(addressFile, server.address);
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  return {
    client: new Client({ connection, namespace: config.namespace }),
    nativeConnection,
    config,
    embedded: true,
    address: server.address,
    uiAddress: server.uiAddress,
    close: async () => {
      if (opts.publish && addressFile) rmSync(addressFile, { force: true });
      await nativeConnection.close().catch(() => undefined);
      await connection.close();
      await server.stop();
    },
  };
}

/** Machines with internet and no CLI anywhere: the SDK downloads and runs one. */
async function downloadedDevServer(config: TemporalConfig, dbFilename: string | undefined): Promise<TemporalHandle> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download' }, dbFilename, namespace: config.namespace, ui: false },
  });
  return {
    client: env.client, nativeConnection: env.nativeConnection, config, embedded: true, address: env.address,
    close: () => env.teardown(),
  };
}

/** The port opens before the namespace exists; a describe call tells them apart. */
async function namespaceReady(address: string, namespace: string): Promise<boolean> {
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
