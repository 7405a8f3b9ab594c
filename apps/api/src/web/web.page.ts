import type { WebPageFiles } from './web.assets';
import { assetHref } from './web.http';

/** What differs between the API's browser pages: everything else of their HTML shell is shared. */
export interface WebPage {
  title: string;
  /** Id of the element the page's script renders into. */
  rootId: string;
  /** Shown when JavaScript is off. */
  noscript: string;
  /** A `<style>` element for the page's layout, if it needs one before its stylesheet loads. */
  style?: string;
}

/** The HTML shell of one of the API's browser pages (the dashboard, GraphiQL), loading its bundled files. */
export function renderWebPage({ title, rootId, noscript, style }: WebPage, files: WebPageFiles): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${title}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${assetHref(files.stylesheet)}">${style === undefined ? '' : `\n    <style>${style}</style>`}
    <script type="module" src="${assetHref(files.script)}"></script>
  </head>
  <body>
    <div id="${rootId}"></div>
    <noscript>${noscript}</noscript>
  </body>
</html>
`;
}
