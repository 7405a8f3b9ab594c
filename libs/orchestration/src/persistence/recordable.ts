/** What PostgreSQL stores in place of a NUL character, which it cannot store in text or in jsonb strings. */
const REPLACEMENT = '\uFFFD';

/**
 * PostgreSQL refuses some values outright (SQLSTATE class 22, "data exception": a NUL character in text or jsonb, a
 * number out of range; class 54, a value too large for an index). Retrying such a write can never succeed.
 */
export function isUnstorableValueError(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('22') || code.startsWith('54'));
}

/** A copy of a JSON value with NUL characters in every string and key replaced by U+FFFD, the rest as it was. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\0', REPLACEMENT) as T;
  if (Array.isArray(value)) return value.map((entry: unknown) => withoutNul(entry)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [withoutNul(key), withoutNul(entry)])) as T;
  }
  return value;
}
