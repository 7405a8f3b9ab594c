/** A server named by TEMPORAL_ADDRESS or DATABASE_URL could not be reached or refused Baton. */
export class InfrastructureConnectionError extends Error {
  readonly variable: string;

  constructor(variable: string, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'InfrastructureConnectionError';
    this.variable = variable;
  }
}
