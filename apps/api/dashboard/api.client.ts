import { createClient, type Client } from 'graphql-ws';

const ENDPOINT = '/graphql';
/** The same storage key as GraphiQL's page (apps/api/graphiql/graphiql.entry.mjs): one key entered serves both. */
export const API_KEY_STORAGE_KEY = 'baton.apiKey';
const API_KEY_QUERY_PARAM = 'apiKey';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly unauthorized = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `?apiKey=` wins and moves to localStorage (off the address bar and the history), as on /graphiql; else the stored key. */
export function takeApiKey(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(API_KEY_QUERY_PARAM);
  if (fromUrl !== null) {
    url.searchParams.delete(API_KEY_QUERY_PARAM);
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    storeApiKey(fromUrl);
    return fromUrl || undefined;
  }
  try {
    return localStorage.getItem(API_KEY_STORAGE_KEY) || undefined;
  } catch {
    return undefined;
  }
}

export function storeApiKey(key: string): void {
  try {
    if (key === '') localStorage.removeItem(API_KEY_STORAGE_KEY);
    else localStorage.setItem(API_KEY_STORAGE_KEY, key);
  } catch {
    // Storage disabled: the key still works for this page load.
  }
}

/** The API's route for one package's log of one execution (docs/api.md, "Package logs"). */
export function packageLogUrl(executionId: string, packageName: string): string {
  return `/executions/${encodeURIComponent(executionId)}/packages/${encodeURIComponent(packageName)}/log`;
}

/** A client of the public GraphQL API: queries and mutations over HTTP, subscriptions over graphql-ws. */
export class Api {
  private socket?: Client;

  constructor(readonly apiKey: string | undefined) {}

  /**
   * A log link's click: without a key, the browser follows the link; with one, a link cannot send it, so the log is
   * fetched with the key and opened from memory.
   */
  openLog(event: { currentTarget: HTMLAnchorElement; preventDefault(): void }): void {
    if (!this.apiKey) return;
    event.preventDefault();
    const opened = window.open('', '_blank');
    void fetch(event.currentTarget.href, { headers: { 'x-api-key': this.apiKey } })
      .then(async (response) => new Blob([await response.text()], { type: 'text/plain; charset=utf-8' }))
      .then((log) => {
        if (opened) opened.location.href = URL.createObjectURL(log);
      })
      .catch(() => opened?.close());
  }

  async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status === 401) throw new ApiError('The API refused the key.', true);
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new ApiError(body.errors.map((error) => error.message).join('; '));
    if (!body.data) throw new ApiError(`The API answered HTTP ${response.status} without data.`);
    return body.data;
  }

  /** Calls `onData` with every result until the subscription completes; returns the function that ends it. */
  subscribe<T>(
    query: string,
    variables: Record<string, unknown>,
    onData: (data: T) => void,
    onError?: (error: unknown) => void,
  ): () => void {
    this.socket ??= createClient({
      url: `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}${ENDPOINT}`,
      connectionParams: this.apiKey ? { apiKey: this.apiKey } : undefined,
      retryAttempts: 5,
    });
    return this.socket.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors?.length) onError?.(new ApiError(result.errors.map((error) => error.message).join('; ')));
          else if (result.data) onData(result.data);
        },
        error: (error) => onError?.(error),
        complete: () => undefined,
      },
    );
  }
}
