/** Temporal's default limit on a workflow id (`limit.maxIDLength`). */
export const MAX_EXECUTION_ID_LENGTH = 1000;

/** Whether an execution could have this id: none has an empty one, or one longer than Temporal allows. */
export function couldBeExecutionId(id: string): boolean {
  return id.trim() !== '' && id.length <= MAX_EXECUTION_ID_LENGTH;
}
