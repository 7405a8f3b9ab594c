import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightGauge } from '../in-flight.gauge';
import { NotFoundError } from './not-found.error';
import { ServiceUnavailableError } from './service-unavailable.error';

export interface Order {
  id: number;
  status: 'open' | 'paid' | 'shipped';
  totalCents: number;
}

const ORDER_STATUSES: readonly Order['status'][] = ['open', 'paid', 'shipped'];

/**
 * A fake HTTP API for orders, flaky on purpose and always in the same way:
 * - orders whose id is divisible by 97 do not exist: 404 on every call;
 * - ids divisible by 127 answer 503 to their first two calls, then 200;
 * - ids divisible by 83 answer 503 to their first call, then 200;
 * - every other id answers 200 at once.
 * Calls are counted per request id (an idempotency key the caller sends), so every batch meets the same plan.
 * Few ids fail on purpose: the Temporal dev server starts a retry about a second after the failure even when the
 * backoff asks for 50 ms, so each retry holds a slot of the loop for a second.
 */
@Injectable()
export class OrdersApi {
  private readonly callsByRequest = new Map<string, number>();
  private calls = 0;
  /** Requests in progress; the batch loop must never have more than its concurrency. */
  readonly requests = new InFlightGauge();

  /** Every call ever made, failed ones included. */
  get totalCalls(): number {
    return this.calls;
  }

  getOrder(id: number, requestId: string): Promise<Order> {
    return this.requests.track(async () => {
      const call = (this.callsByRequest.get(requestId) ?? 0) + 1;
      this.callsByRequest.set(requestId, call);
      this.calls++;
      await sleep(2 + (id % 5));
      const request = `GET /orders/${id}`;
      if (id % 97 === 0) {
        throw new NotFoundError(request);
      }
      if (call <= transientFailures(id)) {
        throw new ServiceUnavailableError(request);
      }
      return { id, status: ORDER_STATUSES[id % ORDER_STATUSES.length], totalCents: 100 + ((id * 1297) % 50_000) };
    });
  }
}

function transientFailures(id: number): number {
  if (id % 127 === 0) {
    return 2;
  }
  return id % 83 === 0 ? 1 : 0;
}
