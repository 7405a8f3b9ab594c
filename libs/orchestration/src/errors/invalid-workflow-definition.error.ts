/** Boot stops with this when any `@Workflow()` declaration is invalid; it lists every problem found. */
export class InvalidWorkflowDefinitionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Baton found ${problems.length} problem${problems.length === 1 ? '' : 's'} in the workflow declarations:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'InvalidWorkflowDefinitionError';
  }
}
