import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError as TemporalWorkflowNotFoundError } from '@temporalio/client';
import { BatonClient, ExecutionQueryService, graphQuery } from '@baton/orchestration';
import { toExecutionGraph } from './mappers/execution-graph.mapper';
import { startedExecution, toExecution, type ExecutionModel } from './mappers/execution.mapper';
import type { ExecutionGraph } from './types/execution-graph.type';
import { ExecutionStatusValue } from './types/enums';
import { couldBeExecutionId } from './execution-id';
import { ExecutionNotFoundError } from './execution-not-found.error';

/** Temporal's closed statuses in the schema's words. */
const TEMPORAL_STATUS: Record<string, ExecutionStatusValue> = {
  RUNNING: ExecutionStatusValue.RUNNING,
  COMPLETED: ExecutionStatusValue.COMPLETED,
  FAILED: ExecutionStatusValue.FAILED,
  CANCELLED: ExecutionStatusValue.CANCELLED,
  TERMINATED: ExecutionStatusValue.TERMINATED,
  TIMED_OUT: ExecutionStatusValue.TIMED_OUT,
  CONTINUED_AS_NEW: ExecutionStatusValue.RUNNING,
};

/**
 * Finds an execution: its PostgreSQL record, or, before its first progress record lands (or for a workflow that
 * records none), what Temporal says about it.
 */
@Injectable()
export class ExecutionLookup {
  constructor(
    private readonly queries: ExecutionQueryService,
    private readonly client: BatonClient,
  ) {}

  async find(id: string): Promise<ExecutionModel | null> {
    // Temporal refuses to describe an id no workflow can have.
    if (!couldBeExecutionId(id)) return null;
    const record = await this.queries.getExecution(id);
    if (record !== null) return toExecution(record);
    try {
      const description = await (await this.client.temporal()).workflow.getHandle(id).describe();
      return {
        ...startedExecution(id, description.runId, description.type, undefined),
        status: TEMPORAL_STATUS[description.status.name] ?? ExecutionStatusValue.RUNNING,
        startedAt: description.startTime,
        closedAt: description.closeTime ?? null,
      };
    } catch (error) {
      if (error instanceof TemporalWorkflowNotFoundError) return null;
      throw error;
    }
  }

  /** The execution's live graph, from its workflow (a Temporal query: a worker of the workflow must be running). */
  async graph(execution: ExecutionModel): Promise<ExecutionGraph> {
    const definition = this.client.definition(execution.workflow);
    const snapshot = await (await this.client.temporal()).workflow.getHandle(execution.id).query(graphQuery);
    return toExecutionGraph(definition, snapshot);
  }

  async get(id: string): Promise<ExecutionModel> {
    const execution = await this.find(id);
    if (execution === null) throw new ExecutionNotFoundError(id);
    return execution;
  }
}
