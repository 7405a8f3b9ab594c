import { emptyFilterMessage, gitRefFilterMessage } from '../../package-builder.messages';

/** A `--filter` selector PackageBuilder cannot read. */
export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';

  static empty(filter: string): InvalidFilterError {
    return new InvalidFilterError(filter, emptyFilterMessage(filter));
  }

  static gitRef(filter: string, gitRef: string): InvalidFilterError {
    return new InvalidFilterError(filter, gitRefFilterMessage(filter, gitRef));
  }

  private constructor(
    readonly filter: string,
    message: string,
  ) {
    super(message);
  }
}
