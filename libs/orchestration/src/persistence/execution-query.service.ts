import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { ExecutionStatus, ItemStatus } from '../protocol';
import { csvRecord } from './csv.format';
import { BuildReportEntity } from './entities/build-report.entity';
import { ExecutionItemEntity } from './entities/execution-item.entity';
import { ExecutionEntity } from './entities/execution.entity';
import { checkPageSize, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, toConnection, type Connection } from './page.cursor';
import { BATON_DATA_SOURCE } from './persistence.constants';

export interface ListExecutionsFilter {
  workflowType?: string;
  /** Also list child workflows (loop items run with `child:`); off by default: each belongs to its parent. */
  includeChildren?: boolean;
  status?: ExecutionStatus;
  /** Executions started strictly after this instant. */
  startedAfter?: Date;
  /** Executions started strictly before this instant. */
  startedBefore?: Date;
  /** Page size, 1 to 500 (default 20). */
  first?: number;
  /** `endCursor` of the previous page. */
  after?: string;
}

export interface ListItemsFilter {
  step?: string;
  status?: ItemStatus;
  /** Substring of the item's JSON preview, case-insensitive. */
  search?: string;
  first?: number;
  after?: string;
}

/** An execution in a list: everything but its input and result, which may be large and are read one execution at a time. */
export type ExecutionSummary = Omit<ExecutionEntity, 'input' | 'result'>;

/** Rows per query of the CSV export. */
const EXPORT_BATCH_SIZE = 1000;

const CSV_COLUMNS = [
  'step',
  'item_index',
  'key',
  'status',
  'attempts',
  'started_at',
  'finished_at',
  'duration_ms',
  'error',
  'blocked_by',
  'item_preview',
  'output_preview',
] as const;

/**
 * Read side of the records, for the API: executions newest first and items in loop order, both with keyset
 * pagination (stable while rows are added, and as fast on the last page as on the first), and items as CSV.
 */
@Injectable()
export class ExecutionQueryService {
  constructor(@Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async listExecutions(filter: ListExecutionsFilter = {}): Promise<Connection<ExecutionSummary>> {
    const first = filter.first ?? DEFAULT_PAGE_SIZE;
    checkPageSize(first);
    const summaryColumns = this.dataSource
      .getMetadata(ExecutionEntity)
      .columns.filter((column) => column.propertyName !== 'input' && column.propertyName !== 'result')
      .map((column) => `execution.${column.propertyName}`);
    const query = this.dataSource
      .getRepository(ExecutionEntity)
      .createQueryBuilder('execution')
      .select(summaryColumns)
      .orderBy('execution.startedAt', 'DESC')
      .addOrderBy('execution.workflowId', 'DESC')
      .limit(first + 1);
    if (filter.includeChildren !== true) query.andWhere('execution.parentWorkflowId IS NULL');
    if (filter.workflowType !== undefined) query.andWhere('execution.workflowType = :workflowType', { workflowType: filter.workflowType });
    if (filter.status !== undefined) query.andWhere('execution.status = :status', { status: filter.status });
    if (filter.startedAfter !== undefined) query.andWhere('execution.startedAt > :startedAfter', { startedAfter: filter.startedAfter });
    if (filter.startedBefore !== undefined) query.andWhere('execution.startedAt < :startedBefore', { startedBefore: filter.startedBefore });
    if (filter.after !== undefined) {
      const [startedAt, workflowId] = decodeCursor(filter.after, 2, ([time]) => !Number.isNaN(Date.parse(time)));
      query.andWhere('(execution.startedAt, execution.workflowId) < (:cursorStartedAt, :cursorWorkflowId)', {
        cursorStartedAt: new Date(startedAt),
        cursorWorkflowId: workflowId,
      });
    }
    const rows = await query.getMany();
    return toConnection(rows, first, (row) => encodeCursor([row.startedAt.toISOString(), row.workflowId]));
  }

  async getExecution(workflowId: string): Promise<ExecutionEntity | null> {
    return this.dataSource.getRepository(ExecutionEntity).findOneBy({ workflowId });
  }

  /** The build report the execution recorded (PackageBuilder), or null. */
  async getReport(executionId: string): Promise<unknown> {
    const row = await this.dataSource.getRepository(BuildReportEntity).findOneBy({ executionId });
    return row?.report ?? null;
  }

  async listItems(executionId: string, filter: ListItemsFilter = {}): Promise<Connection<ExecutionItemEntity>> {
    const first = filter.first ?? DEFAULT_PAGE_SIZE;
    checkPageSize(first);
    const query = this.dataSource
      .getRepository(ExecutionItemEntity)
      .createQueryBuilder('item')
      .where('item.executionId = :executionId', { executionId })
      .orderBy('item.step', 'ASC')
      .addOrderBy('item.itemIndex', 'ASC')
      .limit(first + 1);
    if (filter.step !== undefined) query.andWhere('item.step = :step', { step: filter.step });
    if (filter.status !== undefined) query.andWhere('item.status = :status', { status: filter.status });
    if (filter.search !== undefined && filter.search !== '') {
      query.andWhere('item.itemPreview ILIKE :pattern', { pattern: `%${escapeLike(filter.search)}%` });
    }
    if (filter.after !== undefined) {
      const [index, step] = decodeCursor(filter.after, 2, ([position]) => /^\d+$/.test(position));
      query.andWhere('(item.step, item.itemIndex) > (:cursorStep, :cursorIndex)', { cursorStep: step, cursorIndex: Number(index) });
    }
    const rows = await query.getMany();
    return toConnection(rows, first, itemCursor);
  }

  /**
   * The execution's items as CSV (RFC 4180, header first), read in keyset batches of 1,000 rows as the consumer pulls,
   * so memory stays flat whatever the number of items. An unknown or purged execution gives the header alone.
   */
  exportItemsCsv(executionId: string): Readable {
    return Readable.from(this.csvChunks(executionId), { objectMode: false });
  }

  private async *csvChunks(executionId: string): AsyncGenerator<string> {
    yield csvRecord(CSV_COLUMNS);
    let position: [string, number] | undefined;
    for (;;) {
      const rows: Record<(typeof CSV_COLUMNS)[number], string | number | Date | null>[] = await this.dataSource.query(
        `SELECT ${CSV_COLUMNS.join(', ')} FROM execution_items
         WHERE execution_id = $1 ${position === undefined ? '' : 'AND (step, item_index) > ($3, $4)'}
         ORDER BY step, item_index LIMIT $2`,
        position === undefined ? [executionId, EXPORT_BATCH_SIZE] : [executionId, EXPORT_BATCH_SIZE, ...position],
      );
      if (rows.length > 0) yield rows.map((row) => csvRecord(CSV_COLUMNS.map((column) => row[column]))).join('');
      if (rows.length < EXPORT_BATCH_SIZE) return;
      const last = rows[rows.length - 1];
      position = [last.step as string, last.item_index as number];
    }
  }
}

function itemCursor(item: ExecutionItemEntity): string {
  return encodeCursor([item.itemIndex, item.step]);
}

/** `search` as a literal inside a LIKE pattern (backslash is PostgreSQL's default LIKE escape). */
function escapeLike(search: string): string {
  return search.replace(/[\\%_]/g, '\\$&');
}
