import { Injectable } from '@nestjs/common';

/** A row of the legacy `customers` table, in the old system's own conventions. */
export interface LegacyCustomer {
  id: number;
  first_name: string;
  last_name: string;
  /** Mixed case, sometimes padded with spaces. */
  email: string;
  /** Lower-case ISO country code. */
  country: string;
  /** Decimal string in euros, e.g. `"1234.50"`. */
  balance: string;
  /** `dd/mm/yyyy`. */
  signed_up: string;
}

export const LEGACY_CUSTOMER_COUNT = 1000;

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Niklaus'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Wirth', 'Kay'];
const COUNTRIES = ['de', 'fr', 'nl', 'es', 'it', 'pl', 'se'];

/** The fake legacy database: the same 1,000 customers every time, derived from their ids. */
@Injectable()
export class SourceDatabase {
  private readonly rows = Array.from({ length: LEGACY_CUSTOMER_COUNT }, (_, index) => legacyCustomer(index + 1));

  customers(): LegacyCustomer[] {
    return this.rows.map((row) => ({ ...row }));
  }
}

function legacyCustomer(id: number): LegacyCustomer {
  const first = FIRST_NAMES[id % FIRST_NAMES.length];
  const last = LAST_NAMES[(id * 7) % LAST_NAMES.length];
  const day = String((id % 28) + 1).padStart(2, '0');
  const month = String((id % 12) + 1).padStart(2, '0');
  return {
    id,
    first_name: first,
    last_name: last,
    email: `${id % 5 === 0 ? ' ' : ''}${first}.${last}${id}@Example.COM`,
    country: COUNTRIES[id % COUNTRIES.length],
    balance: (((id * 7919) % 500_000) / 100).toFixed(2),
    signed_up: `${day}/${month}/${2010 + (id % 15)}`,
  };
}
