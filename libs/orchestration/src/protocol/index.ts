/**
 * `@baton/orchestration/protocol`: every name and payload type that crosses Temporal or PostgreSQL, for Baton's own
 * code on both sides and for anyone who talks to Baton workflows (see docs/protocol.md). Plain constants and types:
 * safe in the workflow sandbox and in any Node process.
 */
export * from './statuses';
export * from './workflow-messages';
export * from './loop-result';
export * from './progress-batch';
export * from './execution-history';
export * from './failure-types';
export * from './progress-notification';
