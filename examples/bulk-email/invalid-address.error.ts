/** The mail backend refuses an address it can never deliver to. */
export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';

  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`Invalid recipient address "${address}": ${reason}. Correct it in the contact list.`);
  }
}
