import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { DataSource } from 'typeorm';
import { errorMessage, WorkflowRegistry } from '@baton/orchestration';
import {
  BATON_DATA_SOURCE,
  ExecutionEntity,
  ExecutionEventStream,
  ProgressListener,
  itemFinishedEvent,
  type ExecutionEvent,
  type ExecutionEventType,
} from '@baton/orchestration/persistence';
import { ITEM_STATUSES, type ItemStatus } from '@baton/orchestration/protocol';
import { InFlightItems } from './in-flight-items';
import { METRICS_REGISTRY } from './metrics-options';

const OUTCOMES: Partial<Record<ExecutionEventType, ItemStatus>> = Object.fromEntries(
  ITEM_STATUSES.map((status) => [itemFinishedEvent(status), status]),
);

/** From a quick in-process step to a long build. */
const DURATION_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800];

/**
 * Loop item metrics per workflow, fed by the execution events and progress notifications every API instance
 * receives: items started and finished (by outcome), their durations, and items running now.
 */
@Injectable()
export class ItemMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BatonMetrics');
  private readonly started: Counter<'workflow'>;
  private readonly completed: Counter<'workflow' | 'status'>;
  private readonly failed: Counter<'workflow'>;
  private readonly duration: Histogram<'workflow'>;
  private readonly inFlight = new InFlightItems();
  private subscriptions: Subscription[] = [];

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly workflows: WorkflowRegistry,
    private readonly events: ExecutionEventStream,
    private readonly progress: ProgressListener,
    @Inject(BATON_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {
    const registers = [registry];
    this.started = new Counter({ name: 'baton_items_started_total', help: 'Loop items started.', labelNames: ['workflow'], registers });
    this.completed = new Counter({
      name: 'baton_items_completed_total',
      help: 'Loop items finished, by outcome: succeeded, failed, blocked (a dependency failed) or skipped (the loop stopped first).',
      labelNames: ['workflow', 'status'],
      registers,
    });
    this.failed = new Counter({
      name: 'baton_items_failed_total',
      help: 'Loop items failed after their last attempt.',
      labelNames: ['workflow'],
      registers,
    });
    this.duration = new Histogram({
      name: 'baton_item_duration_seconds',
      help: 'Duration of the loop items that ran, from their start to their end, retries included.',
      labelNames: ['workflow'],
      buckets: DURATION_BUCKETS_SECONDS,
      registers,
    });
    const inFlight = this.inFlight;
    // Computed at each scrape from the open executions; the registry holds it.
    new Gauge({
      name: 'baton_items_in_flight',
      help: 'Loop items running now, over the open executions.',
      labelNames: ['workflow'],
      registers,
      collect() {
        this.reset();
        for (const [workflow, running] of inFlight.byWorkflow()) this.set({ workflow }, running);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const names = this.workflows.definitions().map((definition) => definition.name);
    for (const workflow of names) this.zero(workflow);
    this.inFlight.track(names);
    this.subscriptions = [
      this.events
        .events()
        .subscribe({ next: (event) => this.record(event), error: (error) => this.streamFailed('execution events', error) }),
      this.progress.notifications().subscribe({
        next: (notification) => this.inFlight.record(notification),
        error: (error) => this.streamFailed('progress notifications', error),
      }),
    ];
    await this.seedInFlight();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  private record(event: ExecutionEvent): void {
    const workflow = event.workflow;
    if (event.type === 'ITEM_STARTED') {
      this.started.inc({ workflow });
      return;
    }
    const outcome = OUTCOMES[event.type];
    if (outcome === undefined) return;
    this.completed.inc({ workflow, status: outcome });
    if (outcome === 'failed') this.failed.inc({ workflow });
    // Blocked items, and items skipped before they started, never ran: they have no duration to observe.
    if ((event.attempts ?? 0) > 0 && event.durationMs !== undefined) this.duration.observe({ workflow }, event.durationMs / 1000);
  }

  /** Every known workflow's series from the start, so rates over them are defined before its first item. */
  private zero(workflow: string): void {
    this.started.inc({ workflow }, 0);
    this.failed.inc({ workflow }, 0);
    for (const status of Object.values(OUTCOMES)) this.completed.inc({ workflow, status }, 0);
    this.duration.zero({ workflow });
  }

  /** Executions already open at boot may not notify for a while (slow items): read their running items once. */
  private async seedInFlight(): Promise<void> {
    this.inFlight.beginSeed();
    try {
      const open = await this.dataSource.getRepository(ExecutionEntity).find({
        select: { workflowId: true, workflowType: true, running: true },
        where: { status: 'running' },
      });
      this.inFlight.seed(
        open.map((execution) => ({ id: execution.workflowId, workflow: execution.workflowType, running: execution.running })),
      );
    } catch (error) {
      this.inFlight.seed([]);
      this.logger.warn(
        `Could not read the open executions; items in flight count from the next notifications on: ${(error as Error).message}`,
      );
    }
  }

  private streamFailed(stream: string, error: unknown): void {
    this.logger.error(`The ${stream} stream failed; item metrics stop updating: ${errorMessage(error)}`);
  }
}
