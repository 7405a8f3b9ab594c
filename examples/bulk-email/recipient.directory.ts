import { Injectable } from '@nestjs/common';

export interface Recipient {
  email: string;
  name: string;
}

/** Customers in the contact list: a campaign goes to the first n of them. */
export const CONTACT_LIST_SIZE = 1000;

/** Addresses mistyped in the contact list, by recipient number; the mail backend rejects each for its own reason. */
const MISTYPED_ADDRESSES: ReadonlyMap<number, string> = new Map([
  [17, 'customer-017@example'],
  [42, 'customer-042.example.com'],
  [58, 'customer-058@exa mple.com'],
  [83, 'customer-083@@example.com'],
]);

/** The fake contact list: recipient n is `customer-<n>@example.com`, except the four mistyped ones. */
@Injectable()
export class RecipientDirectory {
  recipients(count: number): Recipient[] {
    return Array.from({ length: count }, (_, index) => {
      const number = index + 1;
      return {
        email: MISTYPED_ADDRESSES.get(number) ?? `customer-${String(number).padStart(3, '0')}@example.com`,
        name: `Customer ${number}`,
      };
    });
  }
}
