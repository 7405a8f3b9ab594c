/** Thrown by a check that reached its dependency but found it unhealthy: the details it gathered stay in the report. */
export class CheckFailure<T extends object = object> extends Error {
  constructor(
    message: string,
    readonly details: T,
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}
