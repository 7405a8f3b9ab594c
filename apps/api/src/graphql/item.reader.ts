import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BATON_DATA_SOURCE, ExecutionItemEntity } from '@baton/orchestration/persistence';
import { toItem } from './mappers/item.mapper';
import type { Item } from './types/item.type';

/** One finished item of an execution, by its loop step and key. */
@Injectable()
export class ItemReader {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async find(executionId: string, step: string, key: string): Promise<Item | null> {
    const row = await this.dataSource.getRepository(ExecutionItemEntity).findOneBy({ executionId, step, key });
    return row === null ? null : toItem(row);
  }
}
