import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExampleDatabase } from '../example.database';

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

const COLUMNS =
  `id, legacy_id AS "legacyId", full_name AS "fullName", email, country, balance_cents::integer AS "balanceCents", ` +
  `signed_up_on AS "signedUpOn"`;

/**
 * The fake CRM, in PostgreSQL so that every worker process writes to the same one. Each migration run writes to its
 * own space (the migration id), so that concurrent runs never mix; rows are upserted by id, so a retried write
 * replaces the row rather than duplicating it.
 */
@Injectable()
export class TargetStore {
  constructor(private readonly database: ExampleDatabase) {}

  async upsert(migrationId: string, customer: CrmCustomer): Promise<void> {
    await sleep(writeLatencyMs(customer.legacyId));
    const { id, legacyId, fullName, email, country, balanceCents, signedUpOn } = customer;
    await this.database.query(
      `INSERT INTO baton_examples.crm_customers (migration_id, id, legacy_id, full_name, email, country, balance_cents, signed_up_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (migration_id, id) DO UPDATE SET legacy_id = EXCLUDED.legacy_id, full_name = EXCLUDED.full_name, email = EXCLUDED.email,
         country = EXCLUDED.country, balance_cents = EXCLUDED.balance_cents, signed_up_on = EXCLUDED.signed_up_on`,
      [migrationId, id, legacyId, fullName, email, country, balanceCents, signedUpOn],
    );
  }

  /** Every customer the migration wrote, in id order. */
  customers(migrationId: string): Promise<CrmCustomer[]> {
    return this.database.query<CrmCustomer>(`SELECT ${COLUMNS} FROM baton_examples.crm_customers WHERE migration_id = $1 ORDER BY id`, [
      migrationId,
    ]);
  }
}

/** 10–25 ms, always the same for a given row. */
function writeLatencyMs(legacyId: number): number {
  return 10 + ((legacyId * 37) % 16);
}
