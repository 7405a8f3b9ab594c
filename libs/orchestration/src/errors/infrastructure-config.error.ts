/** An infrastructure environment variable has a value Baton cannot use. */
export class InfrastructureConfigError extends Error {
  /** The environment variable at fault, so callers and tests can tell which one without parsing the message. */
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(message);
    this.name = 'InfrastructureConfigError';
    this.variable = variable;
  }
}
