import type { ApiOptions } from './config/api-options';

const FIRST_QUERY = `mutation {
  startWorkflow(name: "PackageBuilder", input: { workspace: "examples/package-builder/monorepo", concurrency: 4 }) {
    id
    status
  }
}`;

/** What the main job prints once it serves: where to click, and a first operation to paste. */
export function firstSteps(options: { port: number; api: ApiOptions; runWorker: boolean; temporalUiUrl?: string }): string {
  const base = `http://localhost:${options.port}`;
  return [
    `Baton is up${options.runWorker ? ' (API and worker in one process)' : ' (API only)'}.`,
    options.api.dashboard ? `  Dashboard:   ${base}/` : '  Dashboard:   off (BATON_DASHBOARD=true to serve it)',
    `  GraphQL:     ${base}/graphql (subscriptions: ws://localhost:${options.port}/graphql)`,
    options.api.graphiql
      ? `  GraphiQL:    ${base}/graphiql${options.api.apiKey === undefined ? '' : '?apiKey=<your BATON_API_KEY>'}`
      : '  GraphiQL:    off (BATON_GRAPHIQL=true to serve it)',
    options.temporalUiUrl === undefined ? undefined : `  Temporal UI: ${options.temporalUiUrl}`,
    `  Health:      ${base}/health    Metrics: ${base}/metrics`,
    '',
    'Paste this in GraphiQL to build the example monorepo, then subscribe to executionProgress with the id it returns:',
    FIRST_QUERY,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}
