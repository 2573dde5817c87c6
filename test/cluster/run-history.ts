import { defaultPayloadConverter } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { RunHistory } from '../../cli/workflow-history.js';

type Payload = temporal.api.common.v1.IPayload;

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
