import { Injectable } from '@nestjs/common';
import {
  DependsOn,
  ParallelLoop,
  Step,
  ValidateInput,
  Workflow,
  type ItemResult,
  type LoopContext,
  type LoopResult,
} from '@baton/orchestration';
import { assertNoProblems, integerField, objectInputProblems } from '../input-problems';
import { loopTiming, type LoopTiming } from '../loop-timing';
import { OrdersApi, type Order } from './orders.api';

export interface ApiBatchInput {
  /** Orders 1..n are fetched. */
  orders: number;
}

/**
 * Most orders one batch fetches: each is an item in the execution's history and a row in its records, so a bigger
 * batch costs memory on every worker that replays it. Split a bigger job into several batches.
 */
export const MAX_BATCH_ORDERS = 1000;

export interface OrderCall {
  id: number;
}

export interface ApiBatchReport {
  total: number;
  succeeded: number;
  failed: number;
  /** Calls made, retries included. */
  totalAttempts: number;
  /** Every call that needed more than one attempt, with how many it made. */
  retried: { id: number; attempts: number }[];
  failures: { id: number; attempts: number; error: string }[];
  timing: LoopTiming;
}

/**
 * Fetches a batch of orders from a flaky API, five calls at a time: a 503 is retried with backoff (three attempts
 * in all), a 404 is not retried at all, and a call that still fails leaves the others running.
 */
@Workflow()
@Injectable()
export class ApiBatchWorkflow {
  constructor(private readonly api: OrdersApi) {}

  @ValidateInput()
  validateInput(input: unknown): string[] {
    return apiBatchInputProblems(input);
  }

  @Step()
  planCalls(input: ApiBatchInput): OrderCall[] {
    assertNoProblems('ApiBatchWorkflow', apiBatchInputProblems(input));
    return Array.from({ length: input.orders }, (_, index) => ({ id: index + 1 }));
  }

  @ParallelLoop({
    over: 'planCalls',
    concurrency: 5,
    key: 'id',
    onItemError: 'continue',
    retry: { attempts: 3, backoff: { initialInterval: '50ms', coefficient: 2 }, nonRetryable: ['NotFoundError'] },
  })
  fetchOrder({ id }: OrderCall, { workflowId }: LoopContext): Promise<Order> {
    // The same batch id on every attempt, as an idempotency key would be.
    return this.api.getOrder(id, workflowId);
  }

  @Step()
  @DependsOn('fetchOrder')
  summarize(loop: LoopResult<Order>): ApiBatchReport {
    const ofItem = (item: ItemResult) => ({ id: Number(item.key), attempts: item.attempts });
    return {
      total: loop.total,
      succeeded: loop.succeeded,
      failed: loop.failed,
      totalAttempts: loop.items.reduce((sum, item) => sum + item.attempts, 0),
      retried: loop.items.filter((item) => item.attempts > 1).map(ofItem),
      failures: loop.items.filter((item) => item.status === 'failed').map((item) => ({ ...ofItem(item), error: item.error ?? '' })),
      timing: loopTiming(loop),
    };
  }
}

export function apiBatchInputProblems(input: unknown): string[] {
  return objectInputProblems(input, {
    orders: integerField(
      1,
      MAX_BATCH_ORDERS,
      `one batch fetches at most ${MAX_BATCH_ORDERS} orders; split a bigger job into several batches`,
    ),
  });
}
