export {
  EXECUTION_EVENT_TYPES,
  itemFinishedEvent,
  type ExecutionEvent,
  type ExecutionEventType,
  type ItemFinishedEventType,
} from './execution-event';
export { ExecutionEventStream, FORGET_CLOSED_EXECUTION_AFTER_MS } from './execution-event.stream';
export { ExecutionEventsModule } from './execution-events.module';
export { LISTENER_APPLICATION_NAME, ProgressListener } from './progress.listener';
