import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ExecutionReconciler } from '../persistence';
import { BatonClient } from './baton.client';

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
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reconciler: ExecutionReconciler,
    private readonly client: BatonClient,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async reconcile(): Promise<void> {
    try {
      const { closed } = await this.reconciler.reconcile(await this.client.temporal(), { notUpdatedForMs: RECONCILE_EVERY_MS });
      if (closed > 0) {
        this.logger.log(`Closed ${closed} execution record(s) with Temporal's final status`);
      }
    } catch (error) {
      this.logger.warn(`Reconciling executions with Temporal failed; retrying in ${RECONCILE_EVERY_MS / 1000} s: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
