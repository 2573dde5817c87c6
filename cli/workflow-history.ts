import { defaultPayloadConverter, type Client, type WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;

/**
 * The first completed activity of a type in a run's history: its attempt number and
 * decoded result (the crawl's stage timings for benchmarks; proof of a retry in tests).
 */
export async function completedActivity<T>(handle: WorkflowHandle, activityType: string): Promise<{ attempt: number; result: T } | undefined> {
  const events = (await handle.fetchHistory()).events ?? [];
  const id = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)?.eventId?.toString();
  const started = events.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === id);
  const completed = events.find((e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === id);
  const payload = completed?.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
  if (!started || !payload) return undefined;
  return { attempt: started.activityTaskStartedEventAttributes!.attempt!, result: defaultPayloadConverter.fromPayload(payload) as T };
}

/** One workflow of a run (the parent or a shard-group child) and its history's size. */
export interface RunHistory {
  workflowId: string;
  events: Event[];
  bytes: number;
}

/** The run's history and those of the children it started. */
export async function historyOfRun(client: Client, workflowId: string): Promise<RunHistory[]> {
  const fetch = async (id: string, runId?: string): Promise<RunHistory> => {
    const h = await client.workflow.getHandle(id, runId).fetchHistory();
    const events = h.events ?? [];
    return { workflowId: id, events, bytes: JSON.stringify(events).length };
  };
  const parent = await fetch(workflowId);
  const children = parent.events
    .map((e) => e.childWorkflowExecutionStartedEventAttributes?.workflowExecution)
    .filter((x): x is { workflowId: string; runId: string } => !!x?.workflowId);
  return [parent, ...(await Promise.all(children.map((c) => fetch(c.workflowId, c.runId))))];
}

/** Shard activities started per worker process (the SDK's identity is `pid@host`). */
export function shardWorkers(history: RunHistory[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { events } of history) {
    const types = new Map(events.map((e) => [String(e.eventId), e.activityTaskScheduledEventAttributes?.activityType?.name]));
    for (const e of events) {
      const started = e.activityTaskStartedEventAttributes;
      if (!started || types.get(String(started.scheduledEventId)) !== 'enrichShard') continue;
      const pid = String(started.identity).split('@')[0];
      out.set(pid, (out.get(pid) ?? 0) + 1);
    }
  }
  return out;
}
