/** `OrchestrationModule.forRoot()` received options it cannot work with; lists every problem. */
export class InvalidOrchestrationOptionsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`OrchestrationModule.forRoot() received invalid options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidOrchestrationOptionsError';
  }
}
