import type { WebPageFiles } from '../web/web.assets';
import { assetHref } from '../web/web.http';

/** The HTML shell of the dashboard (apps/api/dashboard): the script routes by the address on the client. */
export function renderDashboardPage(files: WebPageFiles): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Baton</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${assetHref(files.stylesheet)}">
    <script type="module" src="${assetHref(files.script)}"></script>
  </head>
  <body>
    <div id="dashboard"></div>
    <noscript>The Baton dashboard needs JavaScript.</noscript>
  </body>
</html>
`;
}
