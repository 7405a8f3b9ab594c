import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { GraphQLError } from 'graphql';
import { InvalidWorkflowInputError, WorkflowNotFoundError, InvalidConcurrencyError } from '@baton/orchestration';
import { InvalidPageRequestError } from '@baton/orchestration/persistence';
import { ExecutionClosedError } from './execution-closed.error';
import { InvalidExecutionIdError } from './invalid-execution-id.error';
import { ExecutionNotFoundError } from './execution-not-found.error';
import { InternalWorkflowError } from './internal-workflow.error';
import { executionAlreadyExistsMessage } from '../api.messages';

type UserError =
  | InvalidWorkflowInputError
  | WorkflowNotFoundError
  | InvalidConcurrencyError
  | InvalidPageRequestError
  | ExecutionNotFoundError
  | ExecutionClosedError
  | InternalWorkflowError
  | InvalidExecutionIdError
  | WorkflowExecutionAlreadyStartedError
  | WorkflowUpdateFailedError;

/**
 * A caller's mistake becomes a GraphQL error with its own message and a stable code (`BAD_USER_INPUT`, `NOT_FOUND`,
 * `CONFLICT`, `FORBIDDEN`; input problems listed in `extensions.problems`) instead of an internal error, and is not logged as
 * a server fault.
 */
@Catch(
  InvalidWorkflowInputError,
  WorkflowNotFoundError,
  InvalidConcurrencyError,
  InvalidPageRequestError,
  ExecutionNotFoundError,
  ExecutionClosedError,
  InternalWorkflowError,
  InvalidExecutionIdError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
)
export class UserErrorFilter implements GqlExceptionFilter {
  catch(error: UserError, _host: ArgumentsHost): GraphQLError {
    if (error instanceof InvalidWorkflowInputError) {
      return new GraphQLError(error.message, {
        extensions: { code: 'BAD_USER_INPUT', workflow: error.workflow, problems: error.problems },
      });
    }
    if (error instanceof ExecutionNotFoundError) return new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
    if (error instanceof ExecutionClosedError) return new GraphQLError(error.message, { extensions: { code: 'CONFLICT' } });
    if (error instanceof InternalWorkflowError)
      return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN', workflow: error.workflow } });
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      return new GraphQLError(executionAlreadyExistsMessage(error.workflowId), { extensions: { code: 'CONFLICT' } });
    }
    // The workflow's validator refused the update (a concurrency below 1 sent past the client's own check, say).
    if (error instanceof WorkflowUpdateFailedError)
      return new GraphQLError(error.cause?.message ?? error.message, { extensions: { code: 'BAD_USER_INPUT' } });
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}
