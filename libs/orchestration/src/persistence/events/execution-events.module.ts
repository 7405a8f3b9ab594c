import { Module } from '@nestjs/common';
import { ExecutionEventStream } from './execution-event.stream';
import { ProgressListener } from './progress.listener';

/**
 * Real-time progress for the API: the `baton_progress` listener (one connection per process) and the event stream
 * derived from it. Needs `PersistenceModule` (global, imported once in the root module) for `BATON_DATA_SOURCE`.
 * Workers do not import it: they only write.
 */
@Module({
  providers: [ProgressListener, ExecutionEventStream],
  exports: [ProgressListener, ExecutionEventStream],
})
export class ExecutionEventsModule {}
