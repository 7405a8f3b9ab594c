import { useEffect, useState } from 'react';
import type { Api } from './api.client';
import type { ApiItem } from './execution.state';
import { formatDuration, formatTime } from './format';

/** The item's record as the API gives it: the fields the page keeps of every item, and its input and result. */
type ItemRecord = Pick<ApiItem, 'attempts' | 'startedAt' | 'finishedAt' | 'durationMs' | 'error' | 'blockedBy'> & {
  preview: string;
  outputPreview: string | null;
};

const ITEM_QUERY = `query ItemDetails($id: ID!, $step: String!, $key: String!) {
  execution(id: $id) {
    item(step: $step, key: $key) { attempts startedAt finishedAt durationMs error blockedBy preview outputPreview }
  }
}`;

export interface ItemDetailsProps {
  api: Api;
  executionId: string;
  /** The selected node: a step's name, or an item's `<step>/<key>` (as the graph and the items table name it). */
  nodeId: string;
  label: string;
  /** Its status on the page: the record is read again when it changes (a finished item's details exist from then). */
  status: string;
  dependsOn: readonly string[];
}

/** The selected node's details: for an item, its record from the API (input, result, error, attempts, timings). */
export function ItemDetails({ api, executionId, nodeId, label, status, dependsOn }: ItemDetailsProps) {
  const slash = nodeId.indexOf('/');
  const step = slash === -1 ? undefined : nodeId.slice(0, slash);
  const key = nodeId.slice(slash + 1);
  const [record, setRecord] = useState<ItemRecord | null>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let current = true;
    setRecord(undefined);
    if (step === undefined) return;
    api.request<{ execution: { item: ItemRecord | null } | null }>(ITEM_QUERY, { id: executionId, step, key }).then(
      (result) => current && setRecord(result.execution?.item ?? null),
      (failure: Error) => current && setProblem(failure.message),
    );
    return () => {
      current = false;
    };
  }, [api, executionId, step, key, status]);

  return (
    <aside className="details" data-key={nodeId} data-loaded={record === undefined ? undefined : 'true'}>
      <h3>{label}</h3>
      <p>
        Status: <span data-field="status">{status}</span>
        {step !== undefined && <> · step {step}</>}
      </p>
      {record?.blockedBy && <p>Blocked by {record.blockedBy}</p>}
      <p>Depends on: {dependsOn.join(', ') || 'nothing'}</p>
      {record === null && <p>Not finished yet: its record appears once it ends.</p>}
      {record && (
        <dl className="item-fields">
          <dt>Attempts</dt>
          <dd data-field="attempts">{record.attempts}</dd>
          <dt>Started</dt>
          <dd data-field="started">{formatTime(record.startedAt)}</dd>
          <dt>Finished</dt>
          <dd data-field="finished">{formatTime(record.finishedAt)}</dd>
          <dt>Duration</dt>
          <dd data-field="duration">{formatDuration(record.durationMs)}</dd>
          <dt>Input</dt>
          <dd>
            <pre data-field="input">{pretty(record.preview)}</pre>
          </dd>
          <dt>Result</dt>
          <dd>
            <pre data-field="result">{record.outputPreview === null ? '–' : pretty(record.outputPreview)}</pre>
          </dd>
          {record.error && (
            <>
              <dt>Error</dt>
              <dd>
                <pre className="error" data-field="error">
                  {record.error}
                </pre>
              </dd>
            </>
          )}
        </dl>
      )}
      {problem && <p className="error">{problem}</p>}
    </aside>
  );
}

/** The preview indented when it is whole JSON; a preview cut at 1 KB is shown as it is. */
function pretty(preview: string): string {
  try {
    return JSON.stringify(JSON.parse(preview), null, 2);
  } catch {
    return preview;
  }
}
