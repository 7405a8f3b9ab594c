import { defineQuery } from '@temporalio/workflow';
import type { ExecutionProgress } from '../definition/loop-result';

/** Answers at any time with the counters of every loop of the execution. */
export const progressQuery = defineQuery<ExecutionProgress>('progress');
