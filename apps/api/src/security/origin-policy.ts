import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { hostRefusal, originRefusal } from '../api.messages';

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

/** Who may call: the pages `BATON_CORS_ORIGINS` lists, and whether operations need the API key. */
export interface CallerPolicy {
  corsOrigins: readonly string[];
  apiKeyRequired: boolean;
}

/**
 * Why a request may not reach GraphQL, or undefined when it may: its page's origin (above), and its `Host`. Without an
 * API key, a page on a name the attacker controls that resolves to this machine (DNS rebinding) would be the API's
 * "own origin", and same-origin GET requests carry no `Origin` at all; so the API then answers only to the names
 * this machine has for itself (`localhost`, IP addresses) and to the hosts of `BATON_CORS_ORIGINS`.
 */
export function requestRefusal(headers: IncomingHttpHeaders, policy: CallerPolicy): string | undefined {
  if (!originAllowed(headers, policy.corsOrigins)) return originRefusal(headers.origin!);
  if (policy.apiKeyRequired || hostAllowed(headers.host, policy.corsOrigins)) return undefined;
  return hostRefusal(headers.host);
}

function hostAllowed(host: string | undefined, corsOrigins: readonly string[]): boolean {
  if (host === undefined || corsOrigins.includes('*')) return true;
  const hostname = hostnameOf(host);
  if (hostname === undefined) return false;
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return true;
  return corsOrigins.some((origin) => hostOf(origin) === host.toLowerCase());
}

function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    // "null" (a sandboxed page or a file) and other values that are no URL have no host to match.
    return undefined;
  }
}

/** HTTP middleware: a request the policy refuses gets 403 before GraphQL reads it. */
export function refuseForeignCallers(policy: CallerPolicy) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const refusal = requestRefusal(request.headers, policy);
    if (refusal === undefined) return next();
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(refusal);
  };
}
