/**
 * Progress on stderr: a redrawn bar on a terminal, plain lines when piped (CI logs),
 * so `--json` on stdout stays parseable either way.
 */
export class ProgressReporter {
  private last = '';
  private readonly tty = !!process.stderr.isTTY;
  constructor(private readonly quiet = false) {}

  update(stage: string, done: number, total: number): void {
    if (this.quiet) return;
    const line = total ? `${stage} ${done}/${total} shards` : stage;
    if (line === this.last) return;
    this.last = line;
    if (this.tty) {
      const width = 24;
      const filled = total ? Math.round((done / total) * width) : 0;
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}`.padEnd(70));
    } else {
      process.stderr.write(`grainline: ${line}\n`);
    }
  }

  done(): void {
    if (!this.quiet && this.tty && this.last) process.stderr.write('\n');
  }
}
