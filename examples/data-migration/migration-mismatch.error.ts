/** The target does not hold exactly what the source transforms to. */
export class MigrationMismatchError extends Error {
  override readonly name = 'MigrationMismatchError';

  constructor(problems: readonly string[]) {
    super(
      `Migration verification failed: ${problems.join('; ')}. ` +
        'Run the migration again: writes are upserts, so rows already copied are replaced, not duplicated.',
    );
  }
}
