import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InFlightGauge } from '../in-flight.gauge';

/** A customer in the new CRM's shape. */
export interface CrmCustomer {
  id: string;
  legacyId: number;
  fullName: string;
  email: string;
  /** Upper-case ISO country code. */
  country: string;
  balanceCents: number;
  /** `yyyy-mm-dd`. */
  signedUpOn: string;
}

/** The fake CRM: upserts by id, so a retried write replaces the row rather than duplicating it. */
@Injectable()
export class TargetStore {
  private readonly rows = new Map<string, CrmCustomer>();
  /** Writes in progress; the migration loop must never have more than its concurrency. */
  readonly writes = new InFlightGauge();

  upsert(customer: CrmCustomer): Promise<void> {
    return this.writes.track(async () => {
      await sleep(writeLatencyMs(customer.legacyId));
      this.rows.set(customer.id, { ...customer });
    });
  }

  customers(): CrmCustomer[] {
    return [...this.rows.values()].map((row) => ({ ...row }));
  }
}

/** 10–25 ms, always the same for a given row. */
function writeLatencyMs(legacyId: number): number {
  return 10 + ((legacyId * 37) % 16);
}
