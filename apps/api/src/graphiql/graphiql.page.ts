import type { GraphiqlManifest } from './graphiql.assets';

export const GRAPHIQL_PATH = 'graphiql';
export const GRAPHIQL_ASSETS_PATH = `${GRAPHIQL_PATH}/assets`;

/**
 * Everything the page loads comes from this server: scripts, styles and workers from /graphiql/assets, queries
 * over HTTP and subscriptions over WebSocket from the same origin. Monaco sets inline styles, hence
 * 'unsafe-inline' for styles only; the editor fonts are data: URLs or bundled files.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The HTML page at /graphiql; the script renders GraphiQL into #graphiql (apps/api/graphiql/graphiql.entry.mjs). */
export function renderGraphiqlPage(manifest: Pick<GraphiqlManifest, 'script' | 'stylesheet'>): string {
  const asset = (file: string) => escapeHtml(`/${GRAPHIQL_ASSETS_PATH}/${encodeURIComponent(file)}`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Baton GraphiQL</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${asset(manifest.stylesheet)}">
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
    <script type="module" src="${asset(manifest.script)}"></script>
  </head>
  <body>
    <div id="graphiql"></div>
    <noscript>GraphiQL needs JavaScript.</noscript>
  </body>
</html>
`;
}
