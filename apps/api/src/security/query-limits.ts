import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ApiOptions } from '../config/api-options';

/**
 * Refuses operations deeper or more complex than configured, before any resolver runs, over HTTP and WebSocket
 * alike. Complexity counts one per field, and a page field its children once per row it may return (`first`).
 */
export class QueryLimits {
  constructor(private readonly options: Pick<ApiOptions, 'maxDepth' | 'maxComplexity'>) {}

  /** The errors of an operation that exceeds a limit; empty when it does not. */
  check(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): GraphQLError[] {
    const tooDeep = validate(schema, document, [depthLimit(this.options.maxDepth)]);
    if (tooDeep.length > 0) {
      return tooDeep.map((error) => limitError(`${error.message}. Ask for fewer nested levels (the limit is BATON_MAX_QUERY_DEPTH).`, 'QUERY_TOO_DEEP'));
    }
    const complexity = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
    if (complexity > this.options.maxComplexity) {
      return [
        limitError(
          `The operation has a complexity of ${complexity}, above the limit of ${this.options.maxComplexity}. ` +
            'Ask for smaller pages (first) or fewer fields (the limit is BATON_MAX_QUERY_COMPLEXITY).',
          'QUERY_TOO_COMPLEX',
        ),
      ];
    }
    return [];
  }
}

function limitError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
