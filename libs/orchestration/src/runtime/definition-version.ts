import { patched, workflowInfo } from '@temporalio/workflow';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { DEFINITION_HASH_MEMO, DEFINITION_VERSION_PATCH, type Continuation } from '../protocol';
import { definitionVersionMissing } from './runtime.messages';

/**
 * The definition version a run interprets: the one it started with, whatever the worker's current code declares.
 *
 * A new run takes the version its execution started with (handed over on continue-as-new, or stamped in the memo by
 * the client that started it), else the current one, and records it in its history with a patch marker. A replay
 * finds that marker and takes the same version, so a deploy that adds or removes steps never makes running
 * executions non-deterministic. Histories from before the marker existed replay with the version their memo names.
 */
export function definitionForRun(
  versions: ReadonlyMap<string, WorkflowDefinition>,
  current: WorkflowDefinition,
  continuation?: Continuation,
): WorkflowDefinition {
  const info = workflowInfo();
  const memoHash = info.memo?.[DEFINITION_HASH_MEMO];
  const wanted = continuation?.definitionHash ?? (typeof memoHash === 'string' ? memoHash : current.hash);
  if (info.unsafe.isReplaying) {
    // patched() answers from the history while replaying: true only for the marker this run recorded.
    for (const [hash, definition] of versions) {
      if (patched(DEFINITION_VERSION_PATCH + hash)) return definition;
    }
  }
  const definition = versions.get(wanted);
  if (definition === undefined) {
    throw new Error(definitionVersionMissing(info.workflowId, current.name, wanted, [...versions.keys()]));
  }
  if (!info.unsafe.isReplaying) patched(DEFINITION_VERSION_PATCH + wanted);
  return definition;
}
