import { createHash } from 'node:crypto';
import type { CrmCustomer } from './target.store';

/** SHA-256 over every field of every customer, in id order: equal sets of rows give equal checksums. */
export function customersChecksum(customers: readonly CrmCustomer[]): string {
  const hash = createHash('sha256');
  for (const customer of [...customers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const { id, legacyId, fullName, email, country, balanceCents, signedUpOn } = customer;
    hash.update(`${JSON.stringify([id, legacyId, fullName, email, country, balanceCents, signedUpOn])}\n`);
  }
  return hash.digest('hex');
}
