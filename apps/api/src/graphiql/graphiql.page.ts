import type { WebPageFiles } from '../web/web.assets';
import { renderWebPage } from '../web/web.page';

export const GRAPHIQL_PATH = 'graphiql';

/** The HTML page at /graphiql; the script renders GraphiQL into #graphiql (apps/api/graphiql/graphiql.entry.mjs). */
export function renderGraphiqlPage(files: WebPageFiles): string {
  return renderWebPage(
    {
      title: 'Baton GraphiQL',
      rootId: 'graphiql',
      noscript: 'GraphiQL needs JavaScript.',
      style: 'html, body, #graphiql { height: 100%; margin: 0; }',
    },
    files,
  );
}
