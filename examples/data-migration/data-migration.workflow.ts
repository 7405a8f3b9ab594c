import { Injectable } from '@nestjs/common';
import { DependsOn, ParallelLoop, Step, Workflow, type LoopResult } from '../../libs/orchestration/src';
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
 * transformed source: same count, same checksum.
 */
@Workflow()
@Injectable()
export class DataMigrationWorkflow {
  constructor(
    private readonly source: SourceDatabase,
    private readonly target: TargetStore,
  ) {}

  @Step()
  extract(): LegacyCustomer[] {
    return this.source.customers();
  }

  /** A single bad row stops the migration: verify would fail anyway, and the sooner the better. */
  @ParallelLoop({ over: 'extract', concurrency: 10, onItemError: 'fail-fast' })
  async migrateRecord(row: LegacyCustomer): Promise<string> {
    const customer = toCrmCustomer(row);
    await this.target.upsert(customer);
    return customer.id;
  }

  /** A mismatch does not go away by checking again: one attempt. */
  @Step({ retry: { attempts: 1 } })
  @DependsOn('migrateRecord')
  verify(loop: LoopResult<string>): MigrationReport {
    const expected = this.source.customers().map(toCrmCustomer);
    const actual = this.target.customers();
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
