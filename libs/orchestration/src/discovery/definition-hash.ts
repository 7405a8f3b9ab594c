import { createHash } from 'node:crypto';
import type { UnhashedWorkflowDefinition, WorkflowDefinition } from '../definition/workflow-definition';

/** JSON with object keys sorted, so equal definitions always give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : entry,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Adds the stable hash that identifies this version of a definition. */
export function withHash(definition: UnhashedWorkflowDefinition): WorkflowDefinition {
  return { ...definition, hash: sha256(stableStringify(definition)).slice(0, 16) };
}
