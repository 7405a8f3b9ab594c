import { Injectable } from '@nestjs/common';
import { concatMap, filter, from, map, Observable, share, takeWhile } from 'rxjs';
import { ExecutionQueryService } from '@baton/orchestration';
import { type ExecutionEvent, ExecutionEventStream, ProgressListener } from '@baton/orchestration/persistence';
import { toExecution, notificationProgress, type ExecutionModel } from '../graphql/mappers/execution.mapper';
import type { Progress } from '../graphql/types/progress.type';

/**
 * What the subscriptions stream, from this process's LISTEN connection: every API instance listens on its own, so
 * each delivers every event to its own subscribers. Database reads are shared by all subscribers of the instance.
 */
@Injectable()
export class ExecutionFeeds {
  private readonly changed$: Observable<ExecutionModel>;

  constructor(
    private readonly listener: ProgressListener,
    private readonly events: ExecutionEventStream,
    private readonly queries: ExecutionQueryService,
  ) {
    // One read per notification, shared by every executionsChanged subscriber, only while there is one.
    this.changed$ = this.listener.notifications().pipe(
      concatMap((notification) => from(this.queries.getExecution(notification.id))),
      filter((record) => record !== null),
      map(toExecution),
      share(),
    );
  }

  /** The execution's progress as it is now, then at every record, until the record that closes it. */
  progressOf(executionId: string, current: Progress | undefined): Observable<Progress> {
    const updates = this.listener.notifications().pipe(
      filter((notification) => notification.id === executionId),
      map(notificationProgress),
      takeWhile((progress) => !progress.closed, true),
    );
    return new Observable<Progress>((subscriber) => {
      // Listen first, then send the current state: nothing recorded in between is missed.
      const subscription = updates.subscribe(subscriber);
      if (current !== undefined) subscriber.next(current);
      if (current?.closed === true) subscriber.complete();
      return subscription;
    });
  }

  /** The execution's events as they are recorded, until the one that closes it. */
  eventsOf(executionId: string): Observable<Omit<ExecutionEvent, 'at'> & { at: Date }> {
    return this.events.eventsOf(executionId).pipe(
      takeWhile((event) => !(event.type === 'STATUS_CHANGED' && event.status !== 'running'), true),
      map((event) => ({ ...event, at: new Date(event.at) })),
    );
  }

  executionsChanged(workflow: string | undefined): Observable<ExecutionModel> {
    return workflow === undefined ? this.changed$ : this.changed$.pipe(filter((execution) => execution.workflow === workflow));
  }
}
