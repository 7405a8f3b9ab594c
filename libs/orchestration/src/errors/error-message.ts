import { types } from 'node:util';

/**
 * Whether `value` is an Error, whichever realm made it: errors from Node's own modules fail `instanceof Error` in a
 * vm context (a Jest test, a REPL), and so would the checks built on it.
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** A thrown value as text for a message: an error's message, anything else as a string. */
export function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}
