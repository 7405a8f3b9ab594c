import { invalidPageSizeMessage, notACursorMessage } from '../orchestration.messages';
import { InvalidPageRequestError } from './errors/invalid-page-request.error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Opaque to clients: base64url of the position's parts, joined by '|'. Only the last part may contain '|'. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** The `count` parts of a cursor made by `encodeCursor` for this list; throws when it was not. */
export function decodeCursor(cursor: string, count: number, isValid: (parts: string[]) => boolean): string[] {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const split = text.split('|');
  const parts = [...split.slice(0, count - 1), split.slice(count - 1).join('|')];
  if (encodeCursor([text]) !== cursor || split.length < count || !isValid(parts)) {
    throw new InvalidPageRequestError(notACursorMessage(cursor));
  }
  return parts;
}

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InvalidPageRequestError(invalidPageSizeMessage(first, MAX_PAGE_SIZE));
  }
}

/** A page from `first + 1` rows fetched in order: the extra row only tells that there is a next page. */
export function toConnection<T>(rows: readonly T[], first: number, cursorOf: (row: T) => string): Connection<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
