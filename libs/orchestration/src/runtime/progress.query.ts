import { defineQuery } from '@temporalio/workflow';
import { PROGRESS_QUERY, type ExecutionProgress } from '../protocol';

/** Answers at any time with the counters of every loop of the execution. */
export const progressQuery = defineQuery<ExecutionProgress>(PROGRESS_QUERY);
