import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE, ExecutionEntity } from '@baton/orchestration/persistence';
import { toExecution, type ExecutionModel } from './mappers/execution.mapper';

/** How many children `Execution.children` lists. */
export const CHILDREN_LISTED = 100;

/** The child executions (loop items run with `child:`) an execution started, as recorded, in the order they started. */
@Injectable()
export class ExecutionChildrenReader {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async children(parentId: string): Promise<ExecutionModel[]> {
    const rows = await this.dataSource.getRepository(ExecutionEntity).find({
      where: { parentWorkflowId: parentId },
      order: { startedAt: 'ASC', workflowId: 'ASC' },
      take: CHILDREN_LISTED,
    });
    return rows.map(toExecution);
  }
}
