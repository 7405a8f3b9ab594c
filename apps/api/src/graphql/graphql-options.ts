import type { ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import type { IncomingMessage } from 'node:http';
import { API_KEY_REQUIRED } from '../api.messages';
import type { ApiOptions } from '../config/api-options';
import { keyMatches, keyOfRequest } from '../security/api-key';
import { QueryLimits } from '../security/query-limits';
import { formatErrorFor } from './error-format';
import { statusCodePlugin, type ApolloPlugin } from './status-code.plugin';

export const GRAPHQL_PATH = '/graphql';

/**
 * The Apollo driver's configuration: code-first schema, no CDN landing page (GraphiQL is served from our own bundle),
 * CSRF prevention on, the API key, the limits, and status codes as the GraphQL-over-HTTP spec asks. Subscriptions
 * (graphql-ws) are served by `GraphqlWsServer` on the same path, with the same key and limits.
 */
export function graphqlOptions(options: ApiOptions): Omit<ApolloDriverConfig, 'driver'> {
  const limits = new QueryLimits(options);
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { JSON: GraphQLJSON },
    // Nest's own DateTime takes any string and yields an Invalid Date; this one refuses what is not RFC 3339.
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: GraphQLDateTime }] },
    graphiql: false,
    playground: false,
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatErrorFor(options.production),
    plugins: [limitsPlugin(limits), statusCodePlugin()],
    context: (context: { req: IncomingMessage }) => {
      if (options.apiKey !== undefined && !keyMatches(keyOfRequest(context.req.headers), options.apiKey)) {
        throw new GraphQLError(API_KEY_REQUIRED, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return context;
    },
  };
}

function limitsPlugin(limits: QueryLimits): ApolloPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({
        schema,
        document,
        request,
      }: {
        schema: GraphQLSchema;
        document: DocumentNode;
        request: { variables?: Record<string, unknown>; operationName?: string };
      }) => {
        const [error] = limits.check(schema, document, request.variables, request.operationName);
        if (error !== undefined) throw error;
      },
    }),
  };
}
