import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExampleDatabase } from '../example.database';
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
 * Calls are counted per request (the batch id and the order id, an idempotency key the caller sends) in PostgreSQL,
 * so a retry meets the same plan whichever worker process makes it, and every batch meets it afresh.
 * Few ids fail on purpose: the Temporal dev server starts a retry about a second after the failure even when the
 * backoff asks for 50 ms, so each retry holds a slot of the loop for a second.
 */
@Injectable()
export class OrdersApi {
  constructor(private readonly database: ExampleDatabase) {}

  async getOrder(id: number, batchId: string): Promise<Order> {
    const [{ calls }] = await this.database.query<{ calls: number }>(
      `INSERT INTO baton_examples.order_requests (batch_id, order_id, calls) VALUES ($1, $2, 1)
       ON CONFLICT (batch_id, order_id) DO UPDATE SET calls = order_requests.calls + 1
       RETURNING calls`,
      [batchId, id],
    );
    await sleep(2 + (id % 5));
    const request = `GET /orders/${id}`;
    if (id % 97 === 0) {
      throw new NotFoundError(request);
    }
    if (calls <= transientFailures(id)) {
      throw new ServiceUnavailableError(request);
    }
    return { id, status: ORDER_STATUSES[id % ORDER_STATUSES.length], totalCents: 100 + ((id * 1297) % 50_000) };
  }

  /** Calls the API received for a batch, failed ones included, by order id. */
  async callsByOrder(batchId: string): Promise<Map<number, number>> {
    const rows = await this.database.query<{ orderId: number; calls: number }>(
      `SELECT order_id AS "orderId", calls FROM baton_examples.order_requests WHERE batch_id = $1`,
      [batchId],
    );
    return new Map(rows.map(({ orderId, calls }) => [orderId, calls]));
  }
}

function transientFailures(id: number): number {
  if (id % 127 === 0) {
    return 2;
  }
  return id % 83 === 0 ? 1 : 0;
}
