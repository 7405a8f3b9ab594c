import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ExecutionReconciler } from '../persistence';
import { HousekeepingTimer } from '../persistence/housekeeping.timer';
import { BatonClient } from './baton.client';
import { errorMessage } from '../errors/error-message';

/** How often, and after how long without a progress write, executions recorded as running are checked in Temporal. */
const RECONCILE_EVERY_MS = 60_000;

/**
 * Keeps each execution's row true to Temporal: a worker that died, or a workflow that was terminated or timed out,
 * never writes its end, so once a minute the rows still marked running that have not moved for a minute are
 * described in Temporal and closed with its status.
 */
@Injectable()
export class ExecutionReconcileScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BatonReconciler');
  private readonly housekeeping = new HousekeepingTimer(RECONCILE_EVERY_MS, () => this.reconcile());

  constructor(
    private readonly reconciler: ExecutionReconciler,
    private readonly client: BatonClient,
  ) {}

  onApplicationBootstrap(): void {
    this.housekeeping.start({ runNow: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.housekeeping.stop();
  }

  /** The reconciler logs what it closed; this only reports a pass that failed. */
  private async reconcile(): Promise<void> {
    try {
      await this.reconciler.reconcile(await this.client.temporal(), { notUpdatedForMs: RECONCILE_EVERY_MS });
    } catch (error) {
      this.logger.warn(`Reconciling executions with Temporal failed; retrying in ${RECONCILE_EVERY_MS / 1000} s: ${errorMessage(error)}`);
    }
  }
}
