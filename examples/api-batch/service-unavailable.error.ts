/** HTTP 503 from the orders API: overloaded for a moment, worth asking again. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  readonly status = 503;

  constructor(request: string) {
    super(`${request} → 503 Service Unavailable`);
  }
}
