/** `PersistenceModule.forRoot()` received options it cannot work with; lists every problem. */
export class InvalidPersistenceOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`PersistenceModule.forRoot() received invalid options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidPersistenceOptionsError';
  }
}
