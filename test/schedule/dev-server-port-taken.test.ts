import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../cli/dev-server.js';

/**
 * A stand-in for the temporal CLI: its first starts exit as the real server does when a
 * port it was handed is taken by then; a later one stays up. It counts its starts in a file.
 */
function fakeCli(dir: string, failures: number): string {
  const path = join(dir, 'temporal');
  writeFileSync(path, `#!/bin/sh
n=$(cat "${dir}/starts" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "${dir}/starts"
if [ $n -le ${failures} ]; then echo "listen tcp 127.0.0.1:4321: bind: address already in use" >&2; exit 1; fi
touch "${dir}/up"; exec sleep 30
`, { mode: 0o755 });
  return path;
}

describe('the dev server start', () => {
  it('tries fresh ports when a port found free was taken before the server bound it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-port-'));
    const server = await startDevServer({ cliPath: fakeCli(dir, 1), namespace: 'default', isReady: async () => existsSync(join(dir, 'up')) });
    expect(readFileSync(join(dir, 'starts'), 'utf8').trim()).toBe('2');
    await server.stop();
  });

  it('gives up with the server output after a few tries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-port-'));
    await expect(startDevServer({ cliPath: fakeCli(dir, 99), namespace: 'default', isReady: async () => existsSync(join(dir, 'up')) }))
      .rejects.toThrow(/address already in use/);
    expect(Number(readFileSync(join(dir, 'starts'), 'utf8'))).toBeGreaterThan(1);
  });
});
