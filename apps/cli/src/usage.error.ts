/** The command line asks for something `baton` cannot do: exit code 2 with the usage, before anything starts. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
