import {
  GraphQLError,
  Kind,
  getOperationAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import depthLimit from 'graphql-depth-limit';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  queryTooComplexMessage,
  queryTooDeepMessage,
  tooManyAliasesMessage,
  tooManyMutationsMessage,
  tooManyRootFieldsMessage,
} from '../api.messages';
import type { ApiOptions } from '../config/api-options';
import { nulCharacterErrors } from './nul-characters';

/** The codes of the operations `QueryLimits` refuses. */
export const LIMIT_CODES = [
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_MUTATIONS',
  'TOO_MANY_ROOT_FIELDS',
  'TOO_MANY_ALIASES',
] as const;

export type QueryLimitOptions = Pick<ApiOptions, 'maxDepth' | 'maxComplexity' | 'maxMutations' | 'maxRootFields' | 'maxAliases'>;

/**
 * Refuses operations that ask for more than configured, before any resolver runs, over HTTP and WebSocket alike:
 * more mutations, top-level fields or aliases than allowed, too deep, or too complex. Complexity counts one per
 * field, a page field its children once per row it may return (`first`), and introspection the size of the schema
 * it lists. Variables that do not fit their types, and strings PostgreSQL cannot store, are the caller's mistake,
 * reported as such.
 */
export class QueryLimits {
  private readonly estimators = new WeakMap<GraphQLSchema, ComplexityEstimator[]>();

  constructor(private readonly options: QueryLimitOptions) {}

  /** The errors of a valid operation that exceeds a limit or carries input Baton refuses; empty when it is fine. */
  check(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName?: string | null,
  ): GraphQLError[] {
    const unstorable = nulCharacterErrors(document, variables);
    if (unstorable.length > 0) return unstorable;
    const operation = getOperationAST(document, operationName ?? undefined);
    // No operation to run: GraphQL's own validation and execution say why.
    if (operation === null || operation === undefined) return [];
    const counts = new SelectionCounts(document);
    const rootFields = counts.fields(operation.selectionSet);
    if (operation.operation === 'mutation' && rootFields > this.options.maxMutations) {
      return [limitError(tooManyMutationsMessage(rootFields, this.options.maxMutations), 'TOO_MANY_MUTATIONS')];
    }
    if (rootFields > this.options.maxRootFields) {
      return [limitError(tooManyRootFieldsMessage(rootFields, this.options.maxRootFields), 'TOO_MANY_ROOT_FIELDS')];
    }
    const aliases = counts.aliases(operation.selectionSet);
    if (aliases > this.options.maxAliases) {
      return [limitError(tooManyAliasesMessage(aliases, this.options.maxAliases), 'TOO_MANY_ALIASES')];
    }
    const tooDeep = validate(schema, document, [depthLimit(this.options.maxDepth)]);
    if (tooDeep.length > 0) {
      return tooDeep.map((error) => limitError(queryTooDeepMessage(error.message), 'QUERY_TOO_DEEP'));
    }
    let complexity: number;
    try {
      complexity = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: this.estimatorsFor(schema),
      });
    } catch (error) {
      // The complexity reads the variables as execution would: a value that does not fit its type fails here first.
      if (error instanceof GraphQLError)
        return [new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })];
      throw error;
    }
    if (complexity > this.options.maxComplexity) {
      return [limitError(queryTooComplexMessage(complexity, this.options.maxComplexity), 'QUERY_TOO_COMPLEX')];
    }
    return [];
  }

  private estimatorsFor(schema: GraphQLSchema): ComplexityEstimator[] {
    let estimators = this.estimators.get(schema);
    if (estimators === undefined) {
      estimators = [introspectionEstimator(schema), fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];
      this.estimators.set(schema, estimators);
    }
    return estimators;
  }
}

/**
 * `__schema` lists the whole schema and `__type` one type, whatever the selection's own size, so each costs what it
 * can list (one per type, field, argument, enum value and input field) on top of its selection.
 */
function introspectionEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const sizes = Object.values(schema.getTypeMap()).map((type) => {
    if (isObjectType(type) || isInterfaceType(type))
      return 1 + Object.values(type.getFields()).reduce((sum, field) => sum + 1 + field.args.length, 0);
    if (isInputObjectType(type)) return 1 + Object.keys(type.getFields()).length;
    if (isEnumType(type)) return 1 + type.getValues().length;
    return 1;
  });
  const directives = schema.getDirectives().reduce((sum, directive) => sum + 1 + directive.args.length, 0);
  const whole = sizes.reduce((sum, size) => sum + size, directives);
  const largestType = Math.max(...sizes);
  return ({ field, childComplexity }) => {
    if (field.name === '__schema') return 1 + childComplexity + whole;
    if (field.name === '__type') return 1 + childComplexity + largestType;
    return undefined;
  };
}

/** Fields and aliases of an operation, fragments counted once per spread (memoised, so nested spreads cost nothing). */
class SelectionCounts {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly counted = { fields: new Map<string, number>(), aliases: new Map<string, number>() };

  constructor(document: DocumentNode) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  /** Fields a selection set selects at its own level (`__typename` is free). */
  fields(selectionSet: SelectionSetNode, seen: ReadonlySet<string> = new Set()): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += this.fields(selection.selectionSet, seen);
      else count += this.spread('fields', selection.name.value, seen, (fragment, inside) => this.fields(fragment.selectionSet, inside));
    }
    return count;
  }

  /** Aliased fields anywhere under a selection set. */
  aliases(selectionSet: SelectionSetNode, seen: ReadonlySet<string> = new Set()): number {
    let count = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        count +=
          (selection.alias === undefined ? 0 : 1) + (selection.selectionSet === undefined ? 0 : this.aliases(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        count += this.aliases(selection.selectionSet, seen);
      } else {
        count += this.spread('aliases', selection.name.value, seen, (fragment, inside) => this.aliases(fragment.selectionSet, inside));
      }
    }
    return count;
  }

  /** A spread's count, worked out once per fragment; unknown and cyclic spreads count nothing (validation refuses them). */
  private spread(
    kind: 'fields' | 'aliases',
    name: string,
    seen: ReadonlySet<string>,
    count: (fragment: FragmentDefinitionNode, seen: ReadonlySet<string>) => number,
  ): number {
    const known = this.counted[kind].get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (fragment === undefined || seen.has(name)) return 0;
    const counted = count(fragment, new Set([...seen, name]));
    this.counted[kind].set(name, counted);
    return counted;
  }
}

function limitError(message: string, code: (typeof LIMIT_CODES)[number]): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
