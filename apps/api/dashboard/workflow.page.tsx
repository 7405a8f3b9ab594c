import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Api } from './api.client';
import { ExecutionsPage } from './executions.page';
import { layoutGraph, type LayoutEdge } from './graph.layout';
import { GraphView } from './graph.view';
import { Link, navigate } from './routing';

interface Loop {
  over: string;
  concurrency: number;
  concurrencyFrom: string | null;
  key: string | null;
  dependsOn: string | null;
  onItemError: string;
}

interface Step {
  name: string;
  kind: string;
  dependsOn: string[];
  activityType: string;
  loop: Loop | null;
  childWorkflow: { workflowType: string } | null;
}

interface Definition {
  name: string;
  graph: { nodes: { id: string; label: string; kind: string }[]; edges: LayoutEdge[] };
  steps: Step[];
}

const DEFINITION_QUERY = `query Definition($name: String!) {
  workflow(name: $name) {
    name
    graph { nodes { id label kind } edges { from to } }
    steps {
      name kind dependsOn activityType
      loop { over concurrency concurrencyFrom key dependsOn onItemError }
      childWorkflow { workflowType }
    }
  }
}`;
/** The node a loop's child workflow is drawn as, right of the loop that runs it. */
const childNode = (step: string) => `child:${step}`;
const START_MUTATION = 'mutation Start($name: String!, $input: JSON) { startWorkflow(name: $name, input: $input) { id } }';
const NO_CRITICAL_PATH: ReadonlySet<string> = new Set();
const SPEEDUP_QUERY = `query Speedup($name: String!, $concurrency: Int, $input: JSON) {
  workflow(name: $name) { expectedSpeedup(concurrency: $concurrency, input: $input) { concurrency items factor } }
}`;
/** The form's values are asked about once typing paused this long. */
const SPEEDUP_DELAY_MS = 300;

interface Speedup {
  concurrency: number;
  items: number;
  factor: number | null;
}

/** `/workflows/:name`: the definition's step graph, a form that starts it, and its executions. */
export function WorkflowPage({ api, name }: { api: Api; name: string }) {
  const [definition, setDefinition] = useState<Definition | null>();
  const [problem, setProblem] = useState<string>();
  const [formValues, setFormValues] = useState<{ input: string; concurrency: string }>({ input: '{}', concurrency: '' });
  const [speedup, setSpeedup] = useState<Speedup | null>();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      let input: unknown;
      try {
        input = JSON.parse(formValues.input || '{}');
      } catch {
        input = undefined; // Not JSON (yet): the form says so on start; estimate from the records alone.
      }
      const concurrency = formValues.concurrency ? Number(formValues.concurrency) : null;
      api
        .request<{ workflow: { expectedSpeedup: Speedup | null } | null }>(SPEEDUP_QUERY, { name, concurrency, input })
        .then((result) => current && setSpeedup(result.workflow?.expectedSpeedup ?? null))
        .catch(() => current && setSpeedup(undefined));
    }, SPEEDUP_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, name, formValues]);

  useEffect(() => {
    api.request<{ workflow: Definition | null }>(DEFINITION_QUERY, { name }).then(
      (result) => setDefinition(result.workflow),
      (failure: Error) => setProblem(failure.message),
    );
  }, [api, name]);

  // The steps, and a node per child workflow that a loop runs its items as, after that loop.
  const drawing = useMemo(() => {
    if (!definition) return undefined;
    const children = definition.steps.filter((step) => step.childWorkflow);
    const edges = [...definition.graph.edges, ...children.map((step) => ({ from: step.name, to: childNode(step.name) }))];
    const ids = [...definition.graph.nodes.map((node) => node.id), ...children.map((step) => childNode(step.name))];
    return { edges, layout: layoutGraph(ids, edges) };
  }, [definition]);
  if (definition === null) return <p className="error">No workflow named {name}.</p>;
  if (!definition || !drawing) return problem ? <p className="error">{problem}</p> : <p>Loading {name}…</p>;

  // The window an execution may choose: the input property a loop reads its concurrency from.
  const windowFrom = definition.steps.find((step) => step.loop?.concurrencyFrom)?.loop;
  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(String(form.get('input') || '{}')) as Record<string, unknown>;
    } catch (error) {
      setProblem(`The input is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const concurrency = form.get('concurrency');
    if (windowFrom?.concurrencyFrom && concurrency) input = { ...input, [windowFrom.concurrencyFrom]: Number(concurrency) };
    try {
      const result = await api.request<{ startWorkflow: { id: string } }>(START_MUTATION, { name, input });
      navigate(`/executions/${encodeURIComponent(result.startWorkflow.id)}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const steps = new Map(definition.steps.map((step) => [step.name, step]));
  const childOf = new Map(definition.steps.flatMap((step) => (step.childWorkflow ? [[childNode(step.name), step] as const] : [])));
  const labels = new Map([
    ...definition.graph.nodes.map((node) => [node.id, node.label] as const),
    ...[...childOf].map(([id, step]) => [id, `↳ ${step.childWorkflow!.workflowType}`] as const),
  ]);
  const kinds = new Map([
    ...definition.graph.nodes.map((node) => [node.id, node.kind.toLowerCase()] as const),
    ...[...childOf.keys()].map((id) => [id, 'child'] as const),
  ]);
  const title = (id: string) => {
    const child = childOf.get(id);
    if (child) return `child workflow ${child.childWorkflow!.workflowType}: one per item of ${child.name} (click to open)`;
    const loop = steps.get(id)?.loop;
    return loop ? `${id} (loop, ${windowText(loop)})` : `${labels.get(id) ?? id} (${kinds.get(id)})`;
  };
  return (
    <section className="workflow">
      <h1>{definition.name}</h1>
      <h2>Steps</h2>
      <GraphView
        layout={drawing.layout}
        edges={drawing.edges}
        labels={labels}
        status={() => 'pending'}
        title={title}
        badge={(id) => {
          const loop = steps.get(id)?.loop;
          return loop ? `×${loop.concurrency}${loop.concurrencyFrom ? '*' : ''}` : undefined;
        }}
        kind={(id) => kinds.get(id)}
        critical={NO_CRITICAL_PATH}
        onSelect={(id) => {
          const child = childOf.get(id)?.childWorkflow;
          if (child) navigate(`/workflows/${encodeURIComponent(child.workflowType)}`);
        }}
      />
      <StepsTable steps={definition.steps} />
      <h2>Start</h2>
      <form
        className="start-form"
        onSubmit={(event) => void start(event)}
        onChange={(event) => {
          const form = new FormData(event.currentTarget);
          setFormValues({ input: String(form.get('input') ?? ''), concurrency: String(form.get('concurrency') ?? '') });
        }}
      >
        <label>
          Input (JSON)
          <textarea name="input" rows={4} cols={80} defaultValue="{}" spellCheck={false} />
        </label>
        {windowFrom?.concurrencyFrom && (
          <label>
            Concurrency <input name="concurrency" type="number" min={1} defaultValue={windowFrom.concurrency} />
          </label>
        )}
        {speedup && <SpeedupLine speedup={speedup} />}
        <button type="submit">Start {definition.name}</button>
        {problem && <p className="error">{problem}</p>}
      </form>
      <ExecutionsPage api={api} workflow={name} />
    </section>
  );
}

/** "≈ 3.8× faster than one at a time", or "unknown" before any item duration was recorded. */
function SpeedupLine({ speedup }: { speedup: Speedup }) {
  return (
    <p className="speedup" data-figure="speedup" data-factor={speedup.factor ?? 'unknown'}>
      Expected speedup at {speedup.concurrency} at a time:{' '}
      {speedup.factor === null
        ? 'unknown (no item durations recorded yet)'
        : `≈ ${speedup.factor.toFixed(1)}× faster than one at a time ` +
          `(${speedup.items} items, simulated with the durations recorded so far)`}
    </p>
  );
}

/** "4 at a time", and where an execution may choose another window. */
function windowText(loop: Loop): string {
  return `${loop.concurrency} at a time${loop.concurrencyFrom ? `, or the input's ${loop.concurrencyFrom}` : ''}`;
}

/** Each step with what the graph cannot show: a loop's items, window and error policy, and what runs each item. */
function StepsTable({ steps }: { steps: readonly Step[] }) {
  return (
    <table className="steps">
      <thead>
        <tr>
          <th>Step</th>
          <th>Kind</th>
          <th>Waits for</th>
          <th>Items</th>
          <th>Window</th>
          <th>On item error</th>
          <th>Runs</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <tr key={step.name} data-step={step.name}>
            <td>{step.name}</td>
            <td>{step.kind.toLowerCase()}</td>
            <td>{step.dependsOn.join(', ') || '–'}</td>
            <td>
              {step.loop
                ? [
                    `over ${step.loop.over}`,
                    step.loop.key && `key ${step.loop.key}`,
                    step.loop.dependsOn && `depending on each other by ${step.loop.dependsOn}`,
                  ]
                    .filter(Boolean)
                    .join(', ')
                : '–'}
            </td>
            <td data-window={step.loop?.concurrency}>{step.loop ? windowText(step.loop) : '–'}</td>
            <td>{step.loop?.onItemError ?? '–'}</td>
            <td>
              {step.childWorkflow ? (
                <>
                  child workflow{' '}
                  <Link to={`/workflows/${encodeURIComponent(step.childWorkflow.workflowType)}`}>{step.childWorkflow.workflowType}</Link>
                </>
              ) : (
                <code>{step.activityType}</code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
