import { Injectable } from '@nestjs/common';
import { isGrpcServiceError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { BatonClient, type ConcurrencyChange } from '@baton/orchestration';
import { PAUSE_SIGNAL, RESUME_SIGNAL, SET_CONCURRENCY_UPDATE } from '@baton/orchestration/protocol';
import type { WindowChange } from './types/window-change.type';

/** gRPC's NOT_FOUND status code: Temporal's answer for a history it does not hold (fetchHistory does not map it). */
const GRPC_NOT_FOUND = 5;

/**
 * The instants an execution's window changed (`setConcurrency` updates that completed) and it was paused or resumed,
 * read from its Temporal history (the latest run's): the records keep only the current values.
 */
@Injectable()
export class WindowChangesReader {
  constructor(private readonly client: BatonClient) {}

  /** Empty once Temporal no longer holds the execution (past its namespace's retention): the record outlives it. */
  async changes(id: string): Promise<WindowChange[]> {
    let events;
    try {
      ({ events } = await (await this.client.temporal()).workflow.getHandle(id).fetchHistory());
    } catch (error) {
      if (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND) return [];
      throw error;
    }
    const changes: WindowChange[] = [];
    const concurrencyUpdates = new Set<string>();
    for (const event of events ?? []) {
      const at = new Date(tsToMs(event.eventTime));
      const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
      if (signal === PAUSE_SIGNAL || signal === RESUME_SIGNAL) changes.push({ at, paused: signal === PAUSE_SIGNAL });
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      if (accepted?.input?.name === SET_CONCURRENCY_UPDATE && accepted.meta?.updateId) concurrencyUpdates.add(accepted.meta.updateId);
      const completed = event.workflowExecutionUpdateCompletedEventAttributes;
      const result = completed?.outcome?.success?.payloads?.[0];
      if (completed?.meta?.updateId && concurrencyUpdates.has(completed.meta.updateId) && result) {
        const change = defaultPayloadConverter.fromPayload<ConcurrencyChange>(result);
        changes.push({ at, previous: change.previous, concurrency: change.concurrency });
      }
    }
    return changes;
  }
}
