import { readFileSync, writeFileSync } from 'node:fs';

/** Linux /proc readings of a process, threads and waited-for children included. */
export interface ProcStats {
  peakRssMb: number;
  cpuSeconds: number;
}

const TICKS = 100; // USER_HZ on Linux

export function procStats(pid: number): ProcStats {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  // fields after the command name: state is 3rd; utime, stime, cutime, cstime are 14-17
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i]), 0);
  return { peakRssMb: Math.round(hwm / 1024), cpuSeconds: ticks / TICKS };
}

/** Starts a new peak-RSS window (writing 5 to clear_refs resets VmHWM). */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    /* not permitted: the peak then covers the process's whole life */
  }
}
