/** `run-examples` was asked for an example the catalog does not have. */
export class UnknownExampleError extends Error {
  override readonly name = 'UnknownExampleError';

  constructor(unknown: readonly string[], known: readonly string[]) {
    super(
      `Unknown example${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => `"${name}"`).join(', ')}. ` +
        `Known examples: ${known.join(', ')}. Name any of them, or none to run all: node dist/examples/run-examples.js [name...]`,
    );
  }
}
