import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Api } from './api.client';
import { ExecutionsPage } from './executions.page';
import { layoutGraph, type LayoutEdge } from './graph.layout';
import { GraphView } from './graph.view';
import { navigate } from './routing';

interface Definition {
  name: string;
  graph: { nodes: { id: string; label: string; kind: string }[]; edges: LayoutEdge[] };
  steps: { name: string; kind: string; loop: { concurrency: number; concurrencyFrom: string | null } | null }[];
}

const DEFINITION_QUERY = `query Definition($name: String!) {
  workflow(name: $name) {
    name
    graph { nodes { id label kind } edges { from to } }
    steps { name kind loop { concurrency concurrencyFrom } }
  }
}`;
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

  const layout = useMemo(
    () =>
      definition
        ? layoutGraph(
            definition.graph.nodes.map((node) => node.id),
            definition.graph.edges,
          )
        : undefined,
    [definition],
  );
  if (definition === null) return <p className="error">No workflow named {name}.</p>;
  if (!definition || !layout) return problem ? <p className="error">{problem}</p> : <p>Loading {name}…</p>;

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
  const labels = new Map(definition.graph.nodes.map((node) => [node.id, node.label]));
  const kinds = new Map(definition.graph.nodes.map((node) => [node.id, node.kind.toLowerCase()]));
  return (
    <section className="workflow">
      <h1>{definition.name}</h1>
      <h2>Steps</h2>
      <GraphView
        layout={layout}
        edges={definition.graph.edges}
        labels={labels}
        status={() => 'pending'}
        title={(id) => `${labels.get(id) ?? id} (${kinds.get(id)})`}
        critical={NO_CRITICAL_PATH}
        onSelect={() => undefined}
      />
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
