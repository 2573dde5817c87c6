import { defaultPayloadConverter, type WorkflowHandle } from '@temporalio/client';

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
