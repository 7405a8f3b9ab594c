/** The embedded Temporal dev server or the embedded PostgreSQL could not be started. */
export class EmbeddedServerStartError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'EmbeddedServerStartError';
  }
}
