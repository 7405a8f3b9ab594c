/** The persistence options (`OrchestrationModule.forRoot({ persistence })`, or `PersistenceModule.forRoot()`) cannot work; lists every problem. */
export class InvalidPersistenceOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid persistence options (OrchestrationModule.forRoot({ persistence }) or PersistenceModule.forRoot()):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidPersistenceOptionsError';
  }
}
