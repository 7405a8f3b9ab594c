/** HTTP 404 from the orders API: the order does not exist, so asking again cannot help. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly status = 404;

  constructor(request: string) {
    super(`${request} → 404 Not Found`);
  }
}
