import { vi } from 'vitest';
import { main } from '../../cli/main.js';

/** Runs the CLI in-process and returns its exit code and what it printed. */
export async function grainline(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...xs) => void (out += xs.join(' ') + '\n'));
  const error = vi.spyOn(console, 'error').mockImplementation((...xs) => void (err += xs.join(' ') + '\n'));
  process.exitCode = undefined;
  try {
    return { code: await main(args), out, err };
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}
