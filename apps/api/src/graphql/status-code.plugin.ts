import type { ApolloDriverConfig } from '@nestjs/apollo';
import { LIMIT_CODES } from '../security/query-limits';

/** Typed from the driver's options: @nestjs/apollo and our code may load different builds of @apollo/server. */
export type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** The part of Express's request the plugin reads: content negotiation as Apollo Server does it (both use `negotiator`). */
interface SingleResult {
  data?: unknown;
  errors?: readonly { extensions?: Record<string, unknown> }[];
}

interface NegotiatingRequest {
  accepts(types: string[]): string | false;
}

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/** Errors of a well-formed request that GraphQL refuses before executing it: the spec's "request errors". */
const REQUEST_ERROR_CODES = new Set<unknown>(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', ...LIMIT_CODES]);

/**
 * Status codes as the GraphQL-over-HTTP spec asks. A request error (syntax, validation, variables that do not coerce,
 * a limit) answers 400 to a client that accepts `application/graphql-response+json`, as Apollo Server does; a client
 * that gets `application/json` (the legacy type, also what a request without `Accept` gets) reads the status as "the
 * HTTP exchange worked" and the body for the GraphQL errors, so it gets 200. Requests that are not well-formed (no
 * `query`, say) keep their 400, and other statuses (401, 405, …) stay.
 */
export function statusCodePlugin(): ApolloPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({
        response,
        contextValue,
      }: {
        response: { http: { status?: number }; body: { kind: string; singleResult?: SingleResult } };
        contextValue: { req?: NegotiatingRequest };
      }) => {
        const result = response.body.singleResult;
        const requestError =
          response.http.status === 400 &&
          result !== undefined &&
          result.data === undefined &&
          (result.errors ?? []).length > 0 &&
          result.errors!.every((error) => REQUEST_ERROR_CODES.has(error.extensions?.code));
        const request = contextValue.req;
        if (
          requestError &&
          request !== undefined &&
          request.accepts(['application/json', GRAPHQL_RESPONSE_JSON]) !== GRAPHQL_RESPONSE_JSON
        ) {
          response.http.status = 200;
        }
      },
    }),
  };
}
