/** A list query got a page size or cursor it cannot use. */
export class InvalidPageRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPageRequestError';
  }
}
