import { GraphQLError, visit, type ASTNode, type DocumentNode } from 'graphql';
import { nulCharacterPath } from '@baton/orchestration';
import { NUL_IN_OPERATION, nulCharacterMessage, nulInVariable } from '../api.messages';

/**
 * PostgreSQL cannot store the NUL character in text or JSON, and every id, name, filter and input the API takes ends
 * up there: a string holding one is refused before anything runs, wherever it is (an argument, a variable, deep in a
 * JSON input).
 */
export function nulCharacterErrors(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError[] {
  const errors: GraphQLError[] = [];
  visit(document, {
    StringValue: (node) => {
      if (node.value.includes('\0')) errors.push(nulError(NUL_IN_OPERATION, [node]));
    },
  });
  for (const [name, value] of Object.entries(variables ?? {})) {
    const where = nulCharacterPath(value, `$${name}`);
    if (where !== undefined) errors.push(nulError(nulInVariable(name, where)));
  }
  return errors;
}

function nulError(holder: string, nodes?: ASTNode[]): GraphQLError {
  return new GraphQLError(nulCharacterMessage(holder), {
    nodes,
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}
