import { EXECUTION_STATUSES, type ExecutionStatus } from '@baton/orchestration/protocol';
import { useEffect, useState } from 'react';
import type { Api } from './api.client';
import { formatDuration, formatEta, formatRate, formatTime } from './format';
import { PROGRESS_FIELDS, ProgressBar, StatusChip, type Progress } from './progress';
import { Link } from './routing';
import { fromApiStatus } from './status.colours';

const PAGE_SIZE = 20;

interface ExecutionRow {
  id: string;
  workflow: string;
  status: string;
  startedAt: string;
  closedAt: string | null;
  progress: Progress;
}

interface ExecutionsData {
  executions: { nodes: ExecutionRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const EXECUTIONS_QUERY = `query Executions($filter: ExecutionFilter, $first: Int, $after: String) {
  executions(filter: $filter, first: $first, after: $after) {
    nodes { id workflow status startedAt closedAt progress { ${PROGRESS_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const WORKFLOWS_QUERY = '{ workflows { name internal } }';
const CHANGES_SUBSCRIPTION = 'subscription Changes($workflow: String) { executionsChanged(workflow: $workflow) { id } }';
/** Changes come in bursts (every progress batch of every execution): one re-read per burst. */
const REFRESH_DELAY_MS = 300;

/** `/` (and on `/workflows/:name`, filtered to it): every execution, newest first, re-read whenever one changes. */
export function ExecutionsPage({ api, workflow: initialWorkflow }: { api: Api; workflow: string }) {
  const [workflows, setWorkflows] = useState<string[]>([]);
  const [workflow, setWorkflow] = useState(initialWorkflow);
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<ExecutionsData['executions']>();
  const [error, setError] = useState<string>();
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    api.request<{ workflows: { name: string; internal: boolean }[] }>(WORKFLOWS_QUERY).then(
      (result) => setWorkflows(result.workflows.filter((entry) => !entry.internal).map((entry) => entry.name)),
      (failure: Error) => setError(failure.message),
    );
  }, [api]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = api.subscribe(CHANGES_SUBSCRIPTION, { workflow: workflow || null }, () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setChanges((count) => count + 1);
      }, REFRESH_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [api, workflow]);

  const after = cursors.at(-1) ?? null;
  useEffect(() => {
    let current = true;
    const filter = { ...(workflow ? { workflow } : {}), ...(status ? { status: status.toUpperCase() } : {}) };
    api.request<ExecutionsData>(EXECUTIONS_QUERY, { filter, first: PAGE_SIZE, after }).then(
      (result) => current && (setData(result.executions), setError(undefined)),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [api, workflow, status, after, changes]);

  const resetPaging = () => setCursors([null]);
  return (
    <section>
      <h1>Executions</h1>
      <div className="filters">
        <label>
          Workflow{' '}
          <select value={workflow} onChange={(event) => (setWorkflow(event.target.value), resetPaging())} name="workflow">
            <option value="">all</option>
            {[...new Set([...workflows, ...(workflow ? [workflow] : [])])].map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(event) => (setStatus(event.target.value as ExecutionStatus | ''), resetPaging())} name="status">
            <option value="">all</option>
            {EXECUTION_STATUSES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      <table className="executions">
        <thead>
          <tr>
            <th>Status</th>
            <th>Progress</th>
            <th>%</th>
            <th>Rate</th>
            <th>ETA</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Workflow</th>
            <th>Execution</th>
          </tr>
        </thead>
        <tbody>
          {data?.nodes.map((row) => {
            const rowStatus = fromApiStatus<ExecutionStatus>(row.status);
            return (
              <tr key={row.id} data-id={row.id} data-status={rowStatus}>
                <td>
                  <StatusChip status={rowStatus} />
                </td>
                <td className="progress-cell">
                  <ProgressBar percent={row.progress.percent} status={rowStatus} />
                </td>
                <td>{row.progress.percent.toFixed(0)}%</td>
                <td>{formatRate(row.progress.ratePerSecond)}</td>
                <td>{formatEta(row.progress.etaSeconds)}</td>
                <td>{formatTime(row.startedAt)}</td>
                <td>{formatDuration(row.progress.elapsedMs)}</td>
                <td>
                  <Link to={`/workflows/${encodeURIComponent(row.workflow)}`}>{row.workflow}</Link>
                </td>
                <td>
                  <Link to={`/executions/${encodeURIComponent(row.id)}`}>{row.id}</Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {data?.nodes.length === 0 && <p>No executions{workflow || status ? ' match these filters' : ' yet'}.</p>}
      <div className="paging">
        <button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button disabled={!data?.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, data?.pageInfo.endCursor ?? null])}>
          Older
        </button>
      </div>
    </section>
  );
}
