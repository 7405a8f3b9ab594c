import { Inject, Injectable, Optional } from '@nestjs/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { BatonClient, WorkflowRegistry } from '@baton/orchestration';
import { BATON_DATA_SOURCE } from '@baton/orchestration/persistence';
import { noPollersMessage, PERSISTENCE_NOT_CONFIGURED } from '../api.messages';
import { CheckFailure } from './check-failure';
import { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_POLLER_MAX_AGE_MS, HEALTH_OPTIONS, type HealthModuleOptions } from './health-options';
import type { CheckResult, HealthReport, TaskQueuePollers, TemporalCheck, WorkerCheck } from './health-report';
import { timedCheck } from './timed-check';

/** Checks what the API needs to be useful: Temporal answers, PostgreSQL answers, and workers poll every task queue. */
@Injectable()
export class HealthService {
  private readonly timeoutMs: number;
  private readonly pollerMaxAgeMs: number;

  constructor(
    private readonly client: BatonClient,
    private readonly registry: WorkflowRegistry,
    @Inject(HEALTH_OPTIONS) options: HealthModuleOptions,
    /** Present when OrchestrationModule has persistence. */
    @Optional() @Inject(BATON_DATA_SOURCE) private readonly dataSource?: DataSource,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    this.pollerMaxAgeMs = options.pollerMaxAgeMs ?? DEFAULT_POLLER_MAX_AGE_MS;
  }

  /** Runs every check at once; each has its own deadline, so the report comes within `timeoutMs`. */
  async check(): Promise<HealthReport> {
    const [temporalCheck, database, worker] = await Promise.all([this.checkTemporal(), this.checkDatabase(), this.checkWorker()]);
    const failed = [temporalCheck, database, worker].some((result) => result.status === 'failed');
    return { status: failed ? 'degraded' : 'ok', checks: { temporal: temporalCheck, database, worker } };
  }

  /** Describes the namespace: proves the frontend answers and the namespace exists. */
  private checkTemporal(): Promise<TemporalCheck> {
    return timedCheck(this.timeoutMs, async (deadline) => {
      const client = await this.client.temporal();
      const namespace = client.options.namespace;
      await client.connection.withDeadline(deadline, () => client.workflowService.describeNamespace({ namespace }));
      return { namespace };
    });
  }

  private async checkDatabase(): Promise<CheckResult> {
    const dataSource = this.dataSource;
    if (dataSource === undefined) {
      return { status: 'skipped', latencyMs: 0, error: PERSISTENCE_NOT_CONFIGURED };
    }
    return timedCheck(this.timeoutMs, async () => {
      await dataSource.query('SELECT 1');
      return {};
    });
  }

  /** Without a worker polling its task queue, a workflow can be started but never runs. */
  private checkWorker(): Promise<WorkerCheck> {
    const queueNames = [...new Set(this.registry.definitions().map((definition) => definition.taskQueue))].sort();
    return timedCheck(this.timeoutMs, async (deadline) => {
      const client = await this.client.temporal();
      const seenSince = Date.now() - this.pollerMaxAgeMs;
      const taskQueues = await Promise.all(
        queueNames.map(async (name): Promise<TaskQueuePollers> => {
          const { pollers } = await client.connection.withDeadline(deadline, () =>
            client.workflowService.describeTaskQueue({
              namespace: client.options.namespace,
              taskQueue: { name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
              taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            }),
          );
          return { name, pollers: pollers.filter((poller) => (optionalTsToMs(poller.lastAccessTime) ?? 0) >= seenSince).length };
        }),
      );
      const queuesWithoutPollers = taskQueues.filter((queue) => queue.pollers === 0).map((queue) => queue.name);
      if (queuesWithoutPollers.length > 0) {
        throw new CheckFailure(noPollersMessage(queuesWithoutPollers, this.pollerMaxAgeMs), { taskQueues, queuesWithoutPollers });
      }
      return { taskQueues, queuesWithoutPollers };
    });
  }
}
