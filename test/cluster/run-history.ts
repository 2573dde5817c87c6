import { defaultPayloadConverter, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

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

/** Every payload that crossed the workflow boundary: inputs and results of workflows and activities. */
export function payloadsOf(history: RunHistory[]): { bytes: number; strings: string[] }[] {
  const raw: Payload[] = history.flatMap(({ events }) =>
    events.flatMap((e) => [
      ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(e.workflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
      ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
      ...(e.startChildWorkflowExecutionInitiatedEventAttributes?.input?.payloads ?? []),
      ...(e.childWorkflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
    ]),
  );
  return raw.map((p) => ({ bytes: p.data?.length ?? 0, strings: stringsIn(defaultPayloadConverter.fromPayload(p)) }));
}

function stringsIn(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(stringsIn);
  if (v && typeof v === 'object') return Object.values(v).flatMap(stringsIn);
  return [];
}
