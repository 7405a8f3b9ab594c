import type { LegacyCustomer } from './source.database';
import type { CrmCustomer } from './target.store';

/** Maps a legacy row to the CRM's shape: pure, so the verify step can recompute what the target should hold. */
export function toCrmCustomer(row: LegacyCustomer): CrmCustomer {
  const [day, month, year] = row.signed_up.split('/');
  return {
    id: `cus_${String(row.id).padStart(5, '0')}`,
    legacyId: row.id,
    fullName: `${row.first_name} ${row.last_name}`,
    email: row.email.trim().toLowerCase(),
    country: row.country.toUpperCase(),
    balanceCents: Math.round(Number(row.balance) * 100),
    signedUpOn: `${year}-${month}-${day}`,
  };
}
