import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

const listening = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = address.split(':');
    const s = connect(Number(port), host, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

/** The embedded Temporal server dies with the command that started it, SIGKILL included. */
describe('the embedded Temporal server', () => {
  it('does not outlive a parent killed with SIGKILL', async () => {
    const state = mkdtempSync(join(tmpdir(), 'grainline-orphan-'));
    const script = `
      const { openTemporal } = await import(${JSON.stringify(join(import.meta.dirname, '..', '..', 'cli', 'temporal-runtime.ts'))});
      const t = await openTemporal({ stateDir: ${JSON.stringify(state)} });
      console.log(t.address);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const address = await new Promise<string>((resolve, reject) => {
      parent.stdout!.on('data', (b: Buffer) => resolve(b.toString().trim()));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    expect(await listening(address)).toBe(true);
    const servers = () => execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.includes(state) && l.includes('start-dev'));
    expect(servers().length).toBeGreaterThan(0);

    parent.kill('SIGKILL');
    // the port closes first; the processes take a moment more to exit on a busy machine
    let gone = false;
    for (let i = 0; i < 75 && !gone; i++) {
      await sleep(200);
      gone = !(await listening(address)) && servers().length === 0;
    }
    expect(await listening(address)).toBe(false);
    expect(servers()).toEqual([]);
  }, 90_000);
});
