/**
 * Named moments of the write where `GRAINLINE_KILL_AT=<name>` SIGKILLs the process, as
 * a crash landing there would: the chaos test's fixed kill points (scripts/chaos.ts),
 * which a random kill hits only now and then. Unset, nothing happens.
 */
export type KillPoint =
  /** the run's first rows are committed; the rest, the deletions and the run's tag are not */
  | 'write-committed'
  /** every row and the indexes are committed (the vector index's build, the longest step); the tag is not */
  | 'vector-indexed'
  /** the run's version is tagged; its run record is not written */
  | 'before-run-record';

export function killPoint(name: KillPoint): void {
  if (process.env.GRAINLINE_KILL_AT === name) process.kill(process.pid, 'SIGKILL');
}
