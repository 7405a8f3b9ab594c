/**
 * Browser entry of the GraphiQL page served at /graphiql. Bundled by tools/build-web.mjs (esbuild) into
 * dist/web together with graphiql's stylesheet and the monaco editor workers, so the page needs nothing but
 * this server: no CDN. Plain JavaScript with createElement so neither tsc nor a JSX transform is involved.
 */
/* global window, document, localStorage, history, URL, Worker, __BATON_GRAPHIQL_WORKERS__ */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const ENDPOINT_PATH = '/graphql';
const API_KEY_STORAGE_KEY = 'baton.apiKey';
const API_KEY_QUERY_PARAM = 'apiKey';

const DEFAULT_QUERY = `# Baton GraphQL API. Ctrl-Enter runs the query;
# the book icon on the left opens the schema docs.
# To send an API key, open /graphiql?apiKey=<key>
# once: this browser remembers it.

{
  workflows {
    name
    taskQueue
  }
  executions(first: 5) {
    nodes {
      id
      workflow
      status
      progress {
        percent
      }
    }
  }
}
`;

/**
 * Monaco starts its language services in web workers. The build bundles each worker into its own file next to
 * this one and defines their (content-hashed) file names; resolving them against this module's URL keeps the
 * page independent of the path it is mounted under.
 */
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = __BATON_GRAPHIQL_WORKERS__[label] ?? __BATON_GRAPHIQL_WORKERS__.editor;
    return new Worker(new URL(file, import.meta.url), { name: `graphiql-${label}` });
  },
};

/** `?apiKey=` wins and is moved to localStorage (off the address bar and out of the history); else the stored key. */
function takeApiKey() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(API_KEY_QUERY_PARAM);
  if (fromUrl !== null) {
    url.searchParams.delete(API_KEY_QUERY_PARAM);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    try {
      if (fromUrl === '') localStorage.removeItem(API_KEY_STORAGE_KEY);
      else localStorage.setItem(API_KEY_STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the key still works for this page load.
    }
    return fromUrl || undefined;
  }
  try {
    return localStorage.getItem(API_KEY_STORAGE_KEY) || undefined;
  } catch {
    return undefined;
  }
}

const apiKey = takeApiKey();
const wsProtocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({
  url: ENDPOINT_PATH,
  subscriptionUrl: `${wsProtocol}//${window.location.host}${ENDPOINT_PATH}`,
  headers: apiKey ? { 'x-api-key': apiKey } : undefined,
  wsConnectionParams: apiKey ? { apiKey } : undefined,
});

createRoot(document.getElementById('graphiql')).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }));
