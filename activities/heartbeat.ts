import { activityInfo, heartbeat } from '@temporalio/activity';

/** Heartbeats only mean something inside an activity; direct calls (bench, diff) skip them. */
export function safeHeartbeat(details: unknown): void {
  try {
    heartbeat(details);
  } catch {
    /* not running as an activity */
  }
}

/** What the previous attempt of this activity last reported: where a retry picks up. */
export function lastHeartbeat<T>(): T | undefined {
  try {
    return activityInfo().heartbeatDetails as T | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Heartbeats `details()` every second while a long await runs (a LanceDB index
 * build, a thread pool): the activity is alive as long as its event loop is. The SDK
 * throttles what it sends to the server, so beating often costs nothing and keeps
 * any heartbeat timeout over a second safe.
 */
export function keepBeating(details: () => unknown, everyMs = 1_000): () => void {
  safeHeartbeat(details());
  const timer = setInterval(() => safeHeartbeat(details()), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
