import type { ServerResponse } from 'node:http';
import type { WebManifest, WebPage } from './web.assets';
import { WebBundleMissingError, type WebAssets } from './web.assets';

export const WEB_ASSETS_PATH = 'assets';

/**
 * Everything the pages load comes from this server: scripts, styles and workers from /assets, queries over HTTP and
 * subscriptions over WebSocket from the same origin. Monaco and React set inline styles, hence 'unsafe-inline' for
 * styles only; the editor fonts are data: URLs or bundled files.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The URL path of a bundled file, escaped for an HTML attribute. */
export function assetHref(file: string): string {
  return escapeHtml(`/${WEB_ASSETS_PATH}/${encodeURIComponent(file)}`);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

/** Answers with one page of the bundle rendered by `render`, or 503 with the fix when there is no usable bundle. */
export async function sendPage(
  res: ServerResponse,
  assets: WebAssets,
  page: WebPage,
  render: (files: WebManifest['pages'][WebPage]) => string,
): Promise<void> {
  let html: string;
  try {
    html = render((await assets.manifest()).pages[page]);
  } catch (error) {
    if (!(error instanceof WebBundleMissingError)) throw error;
    sendText(res, 503, error.message);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}
