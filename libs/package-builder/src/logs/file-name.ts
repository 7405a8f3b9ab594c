import { createHash } from 'node:crypto';

/** What a file name made from an id may look like as is: no separator, never `.` or `..`, not hidden. */
const READABLE = /^[A-Za-z0-9@_+-][A-Za-z0-9@._+-]{0,119}$/;

/**
 * A file name for an id (a package name, a workflow id), never a path: `@scope/a` → `@scope__a`. An id that would not
 * make a plain name that way, or that holds `__` itself, keeps its safe characters and gets a hash of the whole id, so
 * two ids never share a file.
 */
export function safeFileName(id: string): string {
  const readable = id.replaceAll('/', '__');
  if (!id.includes('__') && READABLE.test(readable)) return readable;
  const kept = readable
    .replace(/[^A-Za-z0-9@._+-]/g, '_')
    .replace(/^\./, '_')
    .slice(0, 80);
  return `${kept}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}
