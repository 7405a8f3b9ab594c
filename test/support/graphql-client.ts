import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * POSTs one operation to the API as a browser client would: a JSON body (so CSRF prevention lets it through) and
 * Apollo Client's `Accept`, which prefers `application/graphql-response+json`, so request errors answer 400.
 */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  // Parsed here, not by response.json(): fetch lives in Node's realm, and node:assert's strict deep equality tells a
  // test's arrays and objects from that realm's.
  const body = JSON.parse(await response.text()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Like `graphql`, but fails the test on any error and returns the data. */
export async function graphqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await graphql<T>(url, query, variables, headers);
  if (response.errors !== undefined || response.data === undefined) {
    throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** A graphql-ws client on the API's WebSocket endpoint. */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Every result of a subscription until it completes (or `until` says stop), rejecting on an error. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until?: (value: T, all: T[]) => boolean,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const values: T[] = [];
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors !== undefined) {
            reject(new Error(JSON.stringify(result.errors)));
            return;
          }
          values.push(result.data as T);
          if (until?.(result.data as T, values) === true) {
            dispose();
            resolve(values);
          }
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(values),
      },
    );
  });
}
