import type { ExecutionStatus } from '@baton/orchestration/protocol';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Api } from './api.client';
import {
  applyEvent,
  displayStatus,
  fromItem,
  graphTopology,
  liveCriticalPath,
  type ApiEvent,
  type ApiGraph,
  type ApiItem,
  type ItemState,
} from './execution.state';
import { formatDuration, formatEta, formatRate, formatTime } from './format';
import { layoutGraph } from './graph.layout';
import { GraphView, Legend } from './graph.view';
import { LanesView } from './lanes.view';
import { PROGRESS_FIELDS, ProgressBar, StatusChip, type Progress } from './progress';
import { ItemsView } from './items.view';
import { isBuildReport, ReportView } from './report.view';
import { BatchSummary } from './batch.summary';
import { ItemDetails } from './item.details';
import { remainingMakespan } from './remaining.forecast';
import { Link } from './routing';
import { fromApiStatus } from './status.colours';
import { controlTimeline, type ApiWindowChange } from './window.timeline';

interface Execution {
  id: string;
  workflow: string;
  status: string;
  startedAt: string;
  closedAt: string | null;
  error: string | null;
  parentId: string | null;
  temporalUrl: string | null;
  children: { id: string; workflow: string; status: string }[];
  report: { criticalPath?: { packages: string[] }; makespanMs?: number; lowerBoundMs?: number } | null;
  progress: Progress;
}

const EXECUTION_FIELDS =
  'id workflow status startedAt closedAt error parentId temporalUrl children { id workflow status } report ' +
  `progress { ${PROGRESS_FIELDS} }`;
const WINDOW_CHANGES_QUERY = `query WindowChanges($id: ID!) { execution(id: $id) { windowChanges { at previous concurrency paused } } }`;
const EXECUTION_QUERY = `query Execution($id: ID!) { execution(id: $id) { ${EXECUTION_FIELDS} } }`;
const GRAPH_QUERY = `query ExecutionGraph($id: ID!) { execution(id: $id) { graph { nodes { id label kind status } edges { from to } } } }`;
const ITEMS_QUERY = `query Items($id: ID!, $after: String) {
  execution(id: $id) {
    items(first: 100, after: $after) {
      nodes { step key index status attempts startedAt finishedAt durationMs error blockedBy }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const PROGRESS_SUBSCRIPTION = `subscription Progress($id: ID!) { executionProgress(id: $id) { ${PROGRESS_FIELDS} } }`;
const EVENTS_SUBSCRIPTION = `subscription Events($id: ID!) {
  executionEvents(id: $id) { type at step key index attempts durationMs error blockedBy status }
}`;
/** How long the page gathers events before drawing them: one progress batch's messages arrive within it. */
const EVENT_BURST_MS = 100;
const CLOSED: readonly string[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT'];

async function readItems(api: Api, id: string): Promise<ApiItem[]> {
  const items: ApiItem[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { execution: { items: { nodes: ApiItem[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null };
    const page: Page = await api.request<Page>(ITEMS_QUERY, { id, after });
    if (!page.execution) return items;
    items.push(...page.execution.items.nodes);
    if (!page.execution.items.pageInfo.hasNextPage) return items;
    after = page.execution.items.pageInfo.endCursor;
  }
}

/** `/executions/:id`: the header, the controls, the dependency graph and the lanes of one execution, live. */
export function ExecutionPage({ api, id }: { api: Api; id: string }) {
  const [execution, setExecution] = useState<Execution | null>();
  const [graph, setGraph] = useState<ApiGraph>();
  const [items, setItems] = useState<ReadonlyMap<string, ItemState>>(new Map());
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [now, setNow] = useState(Date.now());
  const [reloads, setReloads] = useState(0);
  const [windowChanges, setWindowChanges] = useState<ApiWindowChange[]>([]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);

  // The record, the graph (node statuses now) and the finished items, each applied as it arrives; events received
  // meanwhile win where newer. Apart, because the graph is a Temporal query: one sent as the workflow closes can wait
  // 30 s (Temporal loses it with the evicted run), and the header must not wait with it.
  useEffect(() => {
    let current = true;
    const fail = (failure: Error) => current && setError(failure.message);
    api.request<{ execution: Execution | null }>(EXECUTION_QUERY, { id }).then((data) => {
      if (!current) return;
      if (!data.execution) return setExecution(null);
      setExecution(data.execution);
      void api.request<{ execution: { graph: ApiGraph } | null }>(GRAPH_QUERY, { id }).then((graphData) => {
        const fetched = graphData.execution?.graph;
        if (!current || !fetched) return;
        // The topology changes only while it has no item nodes yet (PackageBuilder's plan step still running).
        setGraph((previous) => (previous?.nodes.some((node) => node.kind === 'ITEM') ? previous : fetched));
        setItems((previous) => {
          const next = new Map(previous);
          for (const node of fetched.nodes) {
            const status = fromApiStatus<ItemState['status']>(node.status);
            const known = next.get(node.id);
            if (!known || (known.status === 'pending' && status !== 'pending'))
              next.set(node.id, { ...known, id: node.id, label: node.label, status });
          }
          return next;
        });
      }, fail);
      void readItems(api, id).then((finished) => {
        if (!current) return;
        setItems((previous) => {
          const next = new Map(previous);
          for (const item of finished) {
            const state = fromItem(item, '');
            next.set(state.id, { ...state, label: next.get(state.id)?.label || (item.key ?? String(item.index)) });
          }
          return next;
        });
      }, fail);
    }, fail);
    return () => {
      current = false;
    };
  }, [api, id, reloads]);

  useEffect(() => {
    const stopProgress = api.subscribe<{ executionProgress: Progress }>(
      PROGRESS_SUBSCRIPTION,
      { id },
      ({ executionProgress }) => {
        setExecution((previous) => previous && { ...previous, progress: executionProgress });
        if (executionProgress.closed) reload();
      },
      (failure) => setError(String(failure instanceof Error ? failure.message : failure)),
    );
    // A progress batch arrives as several messages, its starts before its ends: applied one by one, a slot would
    // briefly hold both the finished item and its successor (a lane too many). Apply each burst at once.
    let pending: ApiEvent[] = [];
    let flush: ReturnType<typeof setTimeout> | undefined;
    const applyPending = () => {
      flush = undefined;
      const events = pending;
      pending = [];
      setItems((previous) => {
        const next = new Map(previous);
        for (const event of events) {
          const item = applyEvent(next.get(`${event.step}/${event.key ?? event.index}`), event);
          if (item) next.set(item.id, item);
        }
        return next;
      });
    };
    const stopEvents = api.subscribe<{ executionEvents: ApiEvent }>(EVENTS_SUBSCRIPTION, { id }, ({ executionEvents: event }) => {
      if (event.type === 'STATUS_CHANGED') return reload();
      pending.push(event);
      flush ??= setTimeout(applyPending, EVENT_BURST_MS);
    });
    return () => {
      clearTimeout(flush);
      stopProgress();
      stopEvents();
    };
  }, [api, id, reload]);

  const running = execution ? !CLOSED.includes(execution.status) : false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);

  // When the window or the pause changed: the instants, from the execution's history (the lanes draw them).
  const concurrencyNow = execution?.progress.concurrency;
  const pausedNow = execution?.progress.paused;
  useEffect(() => {
    let current = true;
    api
      .request<{ execution: { windowChanges: ApiWindowChange[] } | null }>(WINDOW_CHANGES_QUERY, { id })
      .then((result) => current && result.execution && setWindowChanges(result.execution.windowChanges))
      .catch((failure: Error) => current && setError(failure.message));
    return () => {
      current = false;
    };
  }, [api, id, concurrencyNow, pausedNow]);

  // The layout depends on the topology only: computed once per plan, never per event.
  const topology = useMemo(() => (graph ? graphTopology(graph) : undefined), [graph]);
  const layout = useMemo(
    () =>
      topology
        ? layoutGraph(
            topology.nodes.map((node) => node.id),
            topology.edges,
          )
        : undefined,
    [topology],
  );
  const dependencies = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const { from, to } of topology?.edges ?? []) map.set(to, [...(map.get(to) ?? []), from]);
    return map;
  }, [topology]);
  const labels = useMemo(() => new Map(topology?.nodes.map((node) => [node.id, node.label])), [topology]);
  const byLabel = useMemo(() => new Map(topology?.nodes.map((node) => [node.label, node.id])), [topology]);
  const reportPath = execution?.report?.criticalPath?.packages.map((name) => byLabel.get(name) ?? name);
  const critical = useMemo(
    () =>
      new Set(
        topology
          ? liveCriticalPath(
              topology.nodes.map((node) => node.id),
              topology.edges,
              items,
              reportPath,
              now,
            )
          : [],
      ),
    // Recomputed when items change, not at every clock tick (`now` only weighs running items).
    [topology, items, reportPath?.join('\n')],
  );
  // PackageBuilder's ETA: the remaining graph simulated on the window's lanes, when the items depend on each other.
  const windowSize = execution?.progress.concurrency ?? 0;
  const forecast = useMemo(
    () =>
      running && topology && topology.edges.length > 0 && windowSize > 0
        ? remainingMakespan(items, dependencies, windowSize, Date.now())
        : undefined,
    [running, topology, items, dependencies, windowSize],
  );

  if (execution === null) return <p className="error">No execution {id}.</p>;
  if (!execution || !topology || !layout) return error ? <p className="error">{error}</p> : <p>Loading {id}…</p>;

  const status = fromApiStatus<ExecutionStatus>(execution.status);
  const { progress } = execution;
  const start = Date.parse(execution.startedAt);
  const end = execution.closedAt
    ? Date.parse(execution.closedAt)
    : Math.max(now, ...[...items.values()].map((item) => item.finishedAt ?? 0));
  const nodeStatus = (node: string) => displayStatus(node, items, dependencies);
  const title = (node: string) => {
    const item = items.get(node);
    const label = labels.get(node) ?? node;
    if (item?.status === 'blocked') return `${label}: blocked by ${item.blockedBy ?? 'a failed dependency'}`;
    return `${label}: ${nodeStatus(node)}${item?.durationMs !== undefined ? `, ${formatDuration(item.durationMs)}` : ''}`;
  };

  return (
    <section className="execution">
      <h1>
        {execution.workflow} <small>{execution.id}</small>
      </h1>
      <div className="header">
        <StatusChip status={status} />
        {progress.paused && <span className="chip paused">paused</span>}
        {progress.failed > 0 && (
          <span className="badge errors" title="failed items">
            {progress.failed} error{progress.failed === 1 ? '' : 's'}
          </span>
        )}
        <div className="header-bar">
          <ProgressBar percent={progress.percent} status={status} />
        </div>
        <dl className="figures">
          <dt>Done</dt>
          <dd data-figure="completed">
            {progress.completed} / {progress.total}
          </dd>
          <dt>Progress</dt>
          <dd data-figure="percent">{progress.percent.toFixed(0)}%</dd>
          <dt>Rate</dt>
          <dd>{formatRate(progress.ratePerSecond)}</dd>
          <dt>ETA</dt>
          <dd data-figure="eta">{formatEta(progress.etaSeconds)}</dd>
          <dt>Elapsed</dt>
          <dd>{formatDuration(progress.elapsedMs)}</dd>
          {forecast && (
            <>
              <dt title="The remaining graph simulated on the window's lanes with the durations recorded so far">ETA (graph)</dt>
              <dd data-figure="simulated-eta">{formatDuration(Math.max(0, forecast.makespanMs - (now - forecast.at)))}</dd>
            </>
          )}
          <dt>Window</dt>
          <dd data-figure="window">{progress.concurrency ? `${progress.concurrency} at a time` : '–'}</dd>
          <dt>Started</dt>
          <dd>{formatTime(execution.startedAt)}</dd>
          {execution.report?.makespanMs !== undefined && (
            <>
              <dt>Makespan / lower bound</dt>
              <dd>
                {formatDuration(execution.report.makespanMs)} / {formatDuration(execution.report.lowerBoundMs)}
              </dd>
            </>
          )}
        </dl>
      </div>
      <p className="links">
        {execution.parentId && (
          <>
            Child of <Link to={`/executions/${encodeURIComponent(execution.parentId)}`}>{execution.parentId}</Link> ·{' '}
          </>
        )}
        {execution.temporalUrl && (
          <a className="temporal-link" href={execution.temporalUrl} target="_blank" rel="noreferrer">
            Event history in the Temporal UI
          </a>
        )}
      </p>
      {execution.error && <p className="error">{execution.error}</p>}
      {error && <p className="error">{error}</p>}
      {running && <Controls api={api} id={id} paused={progress.paused} concurrency={progress.concurrency} onChange={reload} />}
      <h2>Dependency graph</h2>
      <Legend />
      <GraphView
        layout={layout}
        edges={topology.edges}
        labels={labels}
        status={nodeStatus}
        title={title}
        critical={critical}
        selected={selected}
        onSelect={setSelected}
      />
      {selected && (
        <ItemDetails
          api={api}
          executionId={id}
          nodeId={selected}
          label={labels.get(selected) ?? selected}
          status={nodeStatus(selected)}
          dependsOn={(dependencies.get(selected) ?? []).map((dependency) => labels.get(dependency) ?? dependency)}
        />
      )}
      <h2>Lanes</h2>
      <LanesView
        items={items}
        start={start}
        end={end}
        timeline={controlTimeline(windowChanges, start, end, progress.concurrency ?? 0)}
        nodes={layout.nodes.map((node) => node.id)}
        dependencies={dependencies}
        label={(node) => labels.get(node) ?? node}
        running={running}
      />
      {execution.children.length > 0 && (
        <section className="children">
          <h2>Child executions</h2>
          <ul>
            {execution.children.map((child) => (
              <li key={child.id} data-id={child.id}>
                <StatusChip status={fromApiStatus<ExecutionStatus>(child.status)} />{' '}
                <Link to={`/executions/${encodeURIComponent(child.id)}`}>{child.id}</Link> {child.workflow}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>Items</h2>
      <BatchSummary api={api} id={id} completed={progress.completed} />
      <ItemsView api={api} id={id} completed={progress.completed} onSelect={setSelected} />
      {isBuildReport(execution.report) && (
        <>
          <h2>Report</h2>
          <ReportView api={api} executionId={id} report={execution.report} />
        </>
      )}
    </section>
  );
}

function Controls(props: { api: Api; id: string; paused: boolean; concurrency: number | null; onChange: () => void }) {
  const { api, id, paused, concurrency, onChange } = props;
  const [accepted, setAccepted] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const run = (mutation: string, variables: Record<string, unknown> = {}) =>
    api.request<Record<string, unknown>>(mutation, { id, ...variables }).then(
      (result) => (setProblem(undefined), onChange(), result),
      (failure: Error) => (setProblem(failure.message), undefined),
    );
  const setWindow = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = Number(new FormData(event.currentTarget).get('concurrency'));
    const result = await run('mutation Window($id: ID!, $value: Int!) { setConcurrency(id: $id, concurrency: $value) { concurrency } }', {
      value,
    });
    const change = result?.setConcurrency as { concurrency: number } | undefined;
    if (change) setAccepted(change.concurrency);
  };
  const cancel = () => {
    if (window.confirm(`Cancel ${id}? Running items are cancelled and the rest never start.`)) {
      void run('mutation Cancel($id: ID!) { cancelExecution(id: $id) { id } }');
    }
  };
  return (
    <div className="controls">
      {paused ? (
        <button onClick={() => void run('mutation Resume($id: ID!) { resumeExecution(id: $id) { id } }')}>Resume</button>
      ) : (
        <button onClick={() => void run('mutation Pause($id: ID!) { pauseExecution(id: $id) { id } }')}>Pause</button>
      )}
      <button className="danger" onClick={cancel}>
        Cancel
      </button>
      <form onSubmit={setWindow} key={concurrency ?? 0}>
        <label>
          Concurrency <input name="concurrency" type="number" min={1} defaultValue={concurrency ?? 1} />
        </label>
        <button type="submit">Set</button>
        {accepted !== undefined && <span data-accepted={accepted}> accepted: {accepted} at a time</span>}
      </form>
      {problem && <span className="error">{problem}</span>}
    </div>
  );
}
