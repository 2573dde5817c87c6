import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DevServer {
  address: string;
  /** the web UI's address, when it was asked for */
  uiAddress?: string;
  /**
   * Asks the server to stop. `waitForExit: false` returns at once, for a command about
   * to exit: the server finishes stopping on its own (its watchdog sees to that), and
   * the next server on the same state file waits for it (waitForPreviousServer).
   */
  stop(opts?: { waitForExit?: boolean }): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `temporal server start-dev` as a child process whose output is captured, not
 * inherited: the CLI prints a banner on stdout, and `grainline … --json` promises
 * stdout holds nothing but its JSON.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  // A port found free can be taken before the server binds it (another server's own
  // listeners, on a busy machine): the server then exits at once, and a fresh set of ports is tried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

interface DevServerOptions {
  cliPath: string;
  namespace: string;
  dbFilename?: string;
  /** serve Temporal's web UI too (on a free port) */
  ui?: boolean;
  isReady: (address: string) => Promise<boolean>;
}

const PORT_ATTEMPTS = 3;
class PortTaken extends Error {}

async function startOnce(opts: DevServerOptions): Promise<DevServer> {
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const uiPort = opts.ui ? await freePort() : undefined;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port),
    ...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']),
    '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--namespace', opts.namespace, '--log-level', 'error'];
  if (opts.dbFilename) {
    args.push('--db-filename', opts.dbFilename);
    await waitForPreviousServer(opts.dbFilename);
  }
  // The server runs under a small sh watchdog whose stdin is a pipe from this process:
  // when this process ends, however it ends (SIGKILL included), the pipe closes and the
  // watchdog stops the server, so no server outlives the command that started it.
  const child: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'grainline-temporal', opts.cliPath, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group, so a last-resort kill reaches the server too
  });
  child.stdin!.on('error', () => undefined);
  if (opts.dbFilename) writeFileSync(serverPidFile(opts.dbFilename), String(child.pid));
  let output = '';
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
    child.stdin!.end(); // lets the watchdog's reader go too
  });
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await opts.isReady(address))) {
    if (exited !== null) {
      if (opts.dbFilename) rmSync(serverPidFile(opts.dbFilename), { force: true });
      const message = `the Temporal dev server exited (${exited}): ${output.trim()}`;
      throw /address already in use/.test(output) ? new PortTaken(message) : new Error(message);
    }
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`the Temporal dev server did not start within 60s: ${output.trim()}`);
    }
    await sleep(200);
  }
  return {
    address,
    uiAddress: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    async stop({ waitForExit = true } = {}) {
      if (exited !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      if (!waitForExit) return;
      await Promise.race([gone, sleep(10_000).then(() => killGroup(child, 'SIGKILL'))]);
      if (opts.dbFilename) rmSync(serverPidFile(opts.dbFilename), { force: true });
    },
  };
}

/**
 * Runs "$@" (the server) and waits for it; SIGTERM or the end of stdin stops it.
 * `cat` returns when the parent's end of the pipe closes, which the kernel does for
 * any death of the parent. (A background job's stdin is /dev/null unless redirected,
 * hence fd 3.)
 */
const WATCHDOG = `
exec 3<&0
"$@" </dev/null 3<&- &
pid=$!
trap 'kill -TERM $pid 2>/dev/null' TERM INT
{ cat >/dev/null; kill -TERM $pid 2>/dev/null; } <&3 &
exec 3<&-
while kill -0 $pid 2>/dev/null; do wait $pid; code=$?; done
exit \${code:-0}
`;

/** The process group (the watchdog's pid) of the last server started on a state file. */
const serverPidFile = (dbFilename: string) => `${dbFilename}.server-pid`;

/**
 * A server still stopping (its command returned without waiting, or was killed) holds
 * the state file: a second one on it must start only once the first is gone.
 */
async function waitForPreviousServer(dbFilename: string): Promise<void> {
  let group: number;
  try {
    group = Number(readFileSync(serverPidFile(dbFilename), 'utf8'));
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (group > 0 && processAlive(-group) && Date.now() < deadline) await sleep(50);
}

/** Whether a process (or, negative, a process group) exists: signal 0 checks without sending. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}
