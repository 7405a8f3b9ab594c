/** A workflow was asked for by a name no `@Workflow()` class has. */
export class WorkflowNotFoundError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(
      `No workflow is named "${name}". Known workflows: ${known.map((type) => `"${type}"`).join(', ') || 'none'}. ` +
        `Check the name, or add @Workflow() to the class and register it as a provider.`,
    );
    this.name = 'WorkflowNotFoundError';
  }
}
