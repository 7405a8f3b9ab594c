/**
 * Browser entry of the dashboard served at /, /executions/:id and /workflows/:name. Bundled by tools/build-web.mjs
 * with GraphiQL's page (one shared React chunk); a client of the public GraphQL API only.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Api, ApiError, storeApiKey, takeApiKey } from './api.client';
import './dashboard.css';
import { ExecutionPage } from './execution.page';
import { ExecutionsPage } from './executions.page';
import { Link, usePath } from './routing';
import { WorkflowPage } from './workflow.page';

type Access =
  { state: 'checking' } | { state: 'ready'; api: Api } | { state: 'key'; refused: boolean } | { state: 'error'; message: string };

/** Nothing is shown until the API accepts the key (or needs none): a page without it would only show errors. */
function App() {
  const [access, setAccess] = useState<Access>({ state: 'checking' });
  const connect = useCallback(async (key: string | undefined) => {
    const api = new Api(key);
    try {
      await api.request('{ __typename }');
      setAccess({ state: 'ready', api });
    } catch (error) {
      if (error instanceof ApiError && error.unauthorized) setAccess({ state: 'key', refused: key !== undefined });
      else setAccess({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  useEffect(() => void connect(takeApiKey()), [connect]);

  if (access.state === 'checking') return null;
  if (access.state === 'error') return <p className="error">The API is unreachable: {access.message}</p>;
  if (access.state === 'key') {
    const submit = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const key = String(new FormData(event.currentTarget).get('key') ?? '');
      storeApiKey(key);
      void connect(key || undefined);
    };
    return (
      <form className="key-form" onSubmit={submit}>
        <h1>Baton</h1>
        <label>
          API key (BATON_API_KEY) <input name="key" type="password" autoFocus autoComplete="off" />
        </label>
        <button type="submit">Open the dashboard</button>
        {access.refused && <p className="error">The API refused that key.</p>}
      </form>
    );
  }
  return <Pages api={access.api} />;
}

function Pages({ api }: { api: Api }) {
  const path = usePath();
  const execution = /^\/executions\/([^/]+)$/.exec(path);
  const workflow = /^\/workflows\/([^/]+)$/.exec(path);
  return (
    <>
      <header className="top">
        <Link to="/" className="brand">
          Baton
        </Link>
        <nav>
          <Link to="/">Executions</Link>
          <a href="/graphiql">GraphiQL</a>
        </nav>
      </header>
      <main>
        {execution ? (
          <ExecutionPage key={execution[1]} api={api} id={decodeURIComponent(execution[1])} />
        ) : workflow ? (
          <WorkflowPage key={path} api={api} name={decodeURIComponent(workflow[1])} />
        ) : (
          <ExecutionsPage api={api} workflow="" />
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById('dashboard')!).render(<App />);
