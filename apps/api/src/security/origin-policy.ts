import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * Whether a request may reach GraphQL given the page it comes from: the one rule for HTTP (CORS and refusal) and for
 * the WebSocket upgrade, which browsers send cross-site without any preflight. A request without an `Origin` header
 * comes from a program, not a page, and is allowed (the API key, when set, still applies). A page may call when its
 * origin is one of `BATON_CORS_ORIGINS` (`*`: any), or when it is the API's own origin: its host is the request's
 * `Host`.
 */
export function originAllowed(headers: IncomingHttpHeaders, corsOrigins: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes('*') || corsOrigins.includes(origin)) return true;
  return hostOf(origin) !== undefined && hostOf(origin) === headers.host?.toLowerCase();
}

/** The refusal a browser page on another origin gets, over HTTP and on the WebSocket upgrade. */
export function originRefusal(origin: string): string {
  return `Requests from the origin ${JSON.stringify(origin)} are refused: this API serves pages of its own origin only. Add the origin to BATON_CORS_ORIGINS to allow it.`;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    // "null" (a sandboxed page or a file) and other values that are no URL have no host to match.
    return undefined;
  }
}

/** HTTP middleware: a request from a page the policy refuses gets 403 before GraphQL reads it. */
export function refuseForeignOrigins(corsOrigins: readonly string[]) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (originAllowed(request.headers, corsOrigins)) return next();
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(originRefusal(request.headers.origin!));
  };
}
