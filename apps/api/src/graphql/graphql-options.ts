import type { ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { ApiOptions } from '../config/api-options';
import { keyMatches, keyOfRequest } from '../security/api-key';
import { QueryLimits } from '../security/query-limits';
import { formatErrorFor } from './error-format';

export const GRAPHQL_PATH = '/graphql';

/**
 * The Apollo driver's configuration: code-first schema, graphql-ws subscriptions on the same path, no CDN landing
 * page (GraphiQL is served from our own bundle), CSRF prevention on, the API key on both transports, and the
 * depth and complexity limits on both.
 */
export function graphqlOptions(options: ApiOptions): Omit<ApolloDriverConfig, 'driver'> {
  const limits = new QueryLimits(options);
  let schema: GraphQLSchema | undefined;
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { JSON: GraphQLJSON },
    transformSchema: (built) => (schema = built),
    graphiql: false,
    playground: false,
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: formatErrorFor(options.production),
    plugins: [limitsPlugin(limits)],
    context: (context: { req?: IncomingMessage } | WsContext) => {
      if ('req' in context && context.req !== undefined && options.apiKey !== undefined && !keyMatches(keyOfRequest(context.req.headers), options.apiKey)) {
        throw new GraphQLError('This API needs a key: send it in the x-api-key header (or as a Bearer token).', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      return context;
    },
    subscriptions: {
      'graphql-ws': {
        path: GRAPHQL_PATH,
        // Refused connections close with 4403 Forbidden before any subscription starts.
        onConnect: (context: WsContext) => options.apiKey === undefined || keyMatches(context.connectionParams?.apiKey, options.apiKey),
        onSubscribe: (_context: WsContext, _id: string, payload: SubscribePayload) => {
          if (schema === undefined) return undefined;
          try {
            const errors = limits.check(schema, parse(payload.query), payload.variables ?? undefined, payload.operationName);
            return errors.length > 0 ? errors : undefined;
          } catch (error) {
            // A syntax error: graphql-ws parses again and reports it in its own words.
            if (error instanceof GraphQLError) return undefined;
            throw error;
          }
        },
      },
    },
  };
}

/** Typed from the driver's options: @nestjs/apollo and our code may load different builds of @apollo/server. */
type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

function limitsPlugin(limits: QueryLimits): ApolloPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, request }: { schema: GraphQLSchema; document: DocumentNode; request: { variables?: Record<string, unknown>; operationName?: string } }) => {
        const [error] = limits.check(schema, document, request.variables, request.operationName);
        if (error !== undefined) throw error;
      },
    }),
  };
}
