import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a presented key with the configured one in constant time (both hashed first, so lengths never leak). */
export function keyMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented === '') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The key an HTTP request presents: `x-api-key`, or an `Authorization: Bearer` token. */
export function keyOfRequest(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string') return header;
  const authorization = headers.authorization;
  return typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}
