import type { GraphQLFormattedError } from 'graphql';
import { LIMIT_CODES } from '../security/query-limits';

/** Codes whose message is written for the caller (see `UserErrorFilter`, the limits and the API key check). */
const CALLER_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  ...LIMIT_CODES,
  'TOO_MANY_OPERATIONS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** In production, no stack trace leaves the server, and a server fault's message is replaced. */
export function formatErrorFor(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    if (!production) return formatted;
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    return {
      ...formatted,
      message: CALLER_CODES.has(code) ? formatted.message : 'Internal server error',
      extensions: { ...extensions, code },
    };
  };
}
