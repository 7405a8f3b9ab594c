/** An example's backend was used in an application without Baton's PostgreSQL. */
export class ExampleDatabaseMissingError extends Error {
  override readonly name = 'ExampleDatabaseMissingError';

  constructor() {
    super(
      'The examples keep their fake backends in PostgreSQL, so that every worker process sees the same, but this ' +
        'application has no database. Configure OrchestrationModule.forRoot({ persistence: { databaseUrl } }).',
    );
  }
}
