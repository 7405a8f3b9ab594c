import type { WebPageFiles } from '../web/web.assets';
import { assetHref } from '../web/web.http';

export const GRAPHIQL_PATH = 'graphiql';

/** The HTML page at /graphiql; the script renders GraphiQL into #graphiql (apps/api/graphiql/graphiql.entry.mjs). */
export function renderGraphiqlPage(files: WebPageFiles): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Baton GraphiQL</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${assetHref(files.stylesheet)}">
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
    <script type="module" src="${assetHref(files.script)}"></script>
  </head>
  <body>
    <div id="graphiql"></div>
    <noscript>GraphiQL needs JavaScript.</noscript>
  </body>
</html>
`;
}
