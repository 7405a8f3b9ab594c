import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DependsOn, ParallelLoop, Step, ValidateInput, Workflow, type LoopContext, type LoopResult } from '@baton/orchestration';
import { assertNoProblems, objectInputProblems } from '../input-problems';
import { loopTiming, type LoopTiming } from '../loop-timing';
import { customersChecksum } from './customer.checksum';
import { toCrmCustomer } from './customer.transform';
import { MigrationMismatchError } from './migration-mismatch.error';
import { SourceDatabase, type LegacyCustomer } from './source.database';
import { TargetStore } from './target.store';

export interface MigrationReport {
  sourceCount: number;
  targetCount: number;
  migrated: number;
  failed: number;
  /** Checksum of the target's rows; verify fails unless the source's transformed rows give the same. */
  checksum: string;
  timing: LoopTiming;
}

/**
 * Copies the legacy customers into the CRM, ten writes at a time, then checks that the CRM holds exactly the
 * transformed source: same count, same checksum. The workflow id is the migration's id in the CRM: every write of
 * the run, whichever worker makes it, goes to the same place, and verify reads it back from there.
 */
@Workflow()
@Injectable()
export class DataMigrationWorkflow {
  constructor(
    private readonly source: SourceDatabase,
    private readonly target: TargetStore,
  ) {}

  /** The whole legacy table is migrated: there is nothing to choose. */
  @ValidateInput()
  validateInput(input: unknown): string[] {
    return dataMigrationInputProblems(input);
  }

  @Step()
  extract(input?: unknown): LegacyCustomer[] {
    assertNoProblems('DataMigrationWorkflow', dataMigrationInputProblems(input));
    return this.source.customers();
  }

  /** A single bad row stops the migration: verify would fail anyway, and the sooner the better. */
  @ParallelLoop({ over: 'extract', concurrency: 10, onItemError: 'fail-fast' })
  async migrateRecord(row: LegacyCustomer, { workflowId }: LoopContext): Promise<string> {
    const customer = toCrmCustomer(row);
    await this.target.upsert(workflowId, customer);
    return customer.id;
  }

  /** A mismatch does not go away by checking again: one attempt. */
  @Step({ retry: { attempts: 1 } })
  @DependsOn('migrateRecord')
  async verify(loop: LoopResult<string>): Promise<MigrationReport> {
    const expected = this.source.customers().map(toCrmCustomer);
    // A step always runs as an activity of its workflow execution.
    const actual = await this.target.customers(Context.current().info.workflowExecution!.workflowId);
    const [expectedChecksum, checksum] = [customersChecksum(expected), customersChecksum(actual)];
    const problems = [
      ...(actual.length === expected.length ? [] : [`the target holds ${actual.length} customers, the source ${expected.length}`]),
      ...(checksum === expectedChecksum ? [] : [`the target's checksum ${checksum} differs from the source's ${expectedChecksum}`]),
    ];
    if (problems.length > 0) {
      throw new MigrationMismatchError(problems);
    }
    return {
      sourceCount: expected.length,
      targetCount: actual.length,
      migrated: loop.succeeded,
      failed: loop.failed,
      checksum,
      timing: loopTiming(loop),
    };
  }
}

/** No input, or an empty object. */
export function dataMigrationInputProblems(input: unknown): string[] {
  return objectInputProblems(input, {}, true);
}
