import { InfrastructureConfigError } from '@baton/orchestration';
import { invalidVariableMessage } from '../api.messages';

export const API_OPTIONS = Symbol('BATON_API_OPTIONS');

/** How the API serves: who may call it, from where, how much one operation may ask for, and what it shows. */
export interface ApiOptions {
  /** Required of every GraphQL operation (header `x-api-key` or `Authorization: Bearer`; graphql-ws `connectionParams.apiKey`) when set. */
  apiKey?: string;
  /** Production: no stack traces, no internal messages in errors, GraphiQL off unless enabled. */
  production: boolean;
  /** Serve GraphiQL at /graphiql. */
  graphiql: boolean;
  /** Serve the dashboard at /, /executions/:id and /workflows/:name. */
  dashboard: boolean;
  /** Origins allowed to call the API from a browser on another origin; empty: same origin only. `['*']`: any. */
  corsOrigins: string[];
  /** Deepest selection an operation may have. */
  maxDepth: number;
  /** Highest complexity (fields, times the page size for lists, the schema's size for introspection) an operation may have. */
  maxComplexity: number;
  /** Most mutation fields one operation (so one HTTP request: batching is off) may run. */
  maxMutations: number;
  /** Most top-level fields one operation may select. */
  maxRootFields: number;
  /** Most aliased fields one operation may have. */
  maxAliases: number;
  /** Most operations one WebSocket may run at once (subscriptions, and queries or mutations in flight). */
  maxSubscriptionsPerSocket: number;
  /** Most WebSocket connections the API holds at once. */
  maxConnections: number;
  /** The Temporal Web UI (the embedded server's) that `Execution.temporalUrl` links to; none for an external server. */
  temporalUi?: { url: string; namespace: string };
}

/** The variables `apiOptionsFromEnvironment` reads, with their meaning, for the README's configuration table. */
export const API_VARIABLES = [
  { name: 'PORT', meaning: 'HTTP port of the API (GraphQL, GraphiQL, /health, /metrics).', whenUnset: '`3000`' },
  {
    name: 'BATON_API_KEY',
    meaning:
      'Key every GraphQL operation must present: header `x-api-key` (or `Authorization: Bearer`), or `apiKey` in the graphql-ws ' +
      'connection parameters.',
    whenUnset: 'no key required',
  },
  {
    name: 'BATON_GRAPHIQL',
    meaning: '`true` or `false`: serve GraphiQL at /graphiql.',
    whenUnset: 'on, except when NODE_ENV is `production`',
  },
  {
    name: 'BATON_DASHBOARD',
    meaning: '`true` or `false`: serve the dashboard at `/` (and `/executions/:id`, `/workflows/:name`).',
    whenUnset: 'on',
  },
  {
    name: 'BATON_CORS_ORIGINS',
    meaning:
      'Comma-separated origins whose pages may call the API (HTTP and WebSocket) besides its own, or `*`; pages on other origins get ' +
      'HTTP 403. Without BATON_API_KEY, their hosts are also the only names besides localhost and IP addresses the API answers ' +
      'to.',
    whenUnset: 'same origin only',
  },
  { name: 'BATON_MAX_QUERY_DEPTH', meaning: 'Deepest selection an operation may have.', whenUnset: '`10`' },
  {
    name: 'BATON_MAX_QUERY_COMPLEXITY',
    meaning:
      'Highest complexity an operation may have: one per field, times the page size for pages, plus the size of the schema for ' +
      'introspection.',
    whenUnset: '`5000`',
  },
  {
    name: 'BATON_MAX_MUTATIONS',
    meaning: 'Most mutations one operation (one HTTP request) may run: `1` allows one `startWorkflow` per request.',
    whenUnset: '`1`',
  },
  { name: 'BATON_MAX_ROOT_FIELDS', meaning: 'Most top-level fields one operation may select.', whenUnset: '`20`' },
  { name: 'BATON_MAX_ALIASES', meaning: 'Most aliased fields one operation may have.', whenUnset: '`30`' },
  { name: 'BATON_MAX_SUBSCRIPTIONS_PER_SOCKET', meaning: 'Most operations one WebSocket may run at once.', whenUnset: '`100`' },
  {
    name: 'BATON_MAX_WS_CONNECTIONS',
    meaning: 'Most WebSocket connections the API holds at once; more are refused with HTTP 503.',
    whenUnset: '`1000`',
  },
  {
    name: 'BATON_WORKSPACE_ROOTS',
    meaning:
      'Folders (separated by `:`) under which PackageBuilder may build: checked where a run starts and again on the worker, for the ' +
      'workspace and each package folder, links followed.',
    whenUnset: 'the working directory',
  },
] as const;

export function apiOptionsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ApiOptions {
  const production = env.NODE_ENV === 'production';
  return {
    apiKey: env.BATON_API_KEY === undefined || env.BATON_API_KEY === '' ? undefined : env.BATON_API_KEY,
    production,
    graphiql: env.BATON_GRAPHIQL === undefined ? !production : booleanVariable(env, 'BATON_GRAPHIQL'),
    dashboard: env.BATON_DASHBOARD === undefined ? true : booleanVariable(env, 'BATON_DASHBOARD'),
    corsOrigins: (env.BATON_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    maxDepth: positiveIntegerVariable(env, 'BATON_MAX_QUERY_DEPTH', 10),
    maxComplexity: positiveIntegerVariable(env, 'BATON_MAX_QUERY_COMPLEXITY', 5000),
    maxMutations: positiveIntegerVariable(env, 'BATON_MAX_MUTATIONS', 1),
    maxRootFields: positiveIntegerVariable(env, 'BATON_MAX_ROOT_FIELDS', 20),
    maxAliases: positiveIntegerVariable(env, 'BATON_MAX_ALIASES', 30),
    maxSubscriptionsPerSocket: positiveIntegerVariable(env, 'BATON_MAX_SUBSCRIPTIONS_PER_SOCKET', 100),
    maxConnections: positiveIntegerVariable(env, 'BATON_MAX_WS_CONNECTIONS', 1000),
  };
}

export function portFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const port = positiveIntegerVariable(env, 'PORT', 3000);
  if (port > 65535) throw invalid('PORT', env.PORT ?? '', 'a TCP port from 1 to 65535');
  return port;
}

function booleanVariable(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]!.toLowerCase();
  if (value !== 'true' && value !== 'false') throw invalid(name, env[name]!, '`true` or `false`');
  return value === 'true';
}

function positiveIntegerVariable(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw invalid(name, text, 'a whole number ≥ 1');
  return value;
}

function invalid(variable: string, value: string, expected: string): InfrastructureConfigError {
  return new InfrastructureConfigError(variable, invalidVariableMessage(variable, value, expected));
}
