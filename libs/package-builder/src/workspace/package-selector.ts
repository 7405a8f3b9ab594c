import { posix } from 'node:path';
import { InvalidFilterError } from './errors/invalid-filter.error';

/** One `--filter` selector, parsed as pnpm parses it. */
export interface PackageSelector {
  /** The selector as written, for messages. */
  filter: string;
  /** `!selector`: the packages it selects are taken out of the others' selection. */
  exclude: boolean;
  /** `pkg...`: with everything it depends on, transitively. */
  includeDependencies: boolean;
  /** `...pkg`: with everything that depends on it, transitively. */
  includeDependents: boolean;
  /** `pkg^...`, `...^pkg`: the dependencies or dependents without the matched packages themselves. */
  excludeSelf: boolean;
  /** Package name, `*` matching any characters (`@scope/*`). */
  namePattern?: string;
  /** Folder glob relative to the workspace root, with forward slashes and no `./` (`packages/*`, `.` for the root). */
  folderPattern?: string;
}

/** pnpm's shape of a selector once `!`, `...` and `^` are taken off: a name, then `{folder}`, then `[git ref]`. */
const SELECTOR = /^([^.][^{}[\]]*)?(\{[^}]+\})?(\[[^\]]+\])?$/;

/**
 * Parses a pnpm `--filter` selector, with pnpm's rules: `name`, `@scope/*`, `./folder/*` or `{./folder/*}` (folder
 * globs, relative to the workspace root), `name{./folder}`, `pkg...`, `...pkg`, `...pkg...`, `pkg^...`, `...^pkg`,
 * `!selector`. A bare folder (`./folder...`) takes no `...`, as in pnpm: `{./folder}...` does. Git-ref selectors
 * (`[origin/main]`) are refused: PackageBuilder does not compare with git.
 */
export function parsePackageSelector(filter: string): PackageSelector {
  let rest = filter;
  const exclude = rest.startsWith('!');
  if (exclude) rest = rest.slice(1);
  let excludeSelf = false;
  const includeDependencies = rest.endsWith('...');
  if (includeDependencies) {
    rest = rest.slice(0, -3);
    if (rest.endsWith('^')) {
      excludeSelf = true;
      rest = rest.slice(0, -1);
    }
  }
  const includeDependents = rest.startsWith('...');
  if (includeDependents) {
    rest = rest.slice(3);
    if (rest.startsWith('^')) {
      excludeSelf = true;
      rest = rest.slice(1);
    }
  }
  const base = { filter, exclude, includeDependencies: false, includeDependents: false, excludeSelf: false };
  const parts = SELECTOR.exec(rest);
  if (parts === null) {
    return isFolder(rest) ? { ...base, folderPattern: folderPattern(rest) } : { ...base, namePattern: rest };
  }
  const [, namePattern, folder, gitRef] = parts;
  if (gitRef !== undefined) throw InvalidFilterError.gitRef(filter, gitRef.slice(1, -1));
  if (namePattern === undefined && folder === undefined) throw InvalidFilterError.empty(filter);
  return {
    ...base,
    includeDependencies,
    includeDependents,
    excludeSelf,
    ...(namePattern === undefined ? {} : { namePattern }),
    ...(folder === undefined ? {} : { folderPattern: folderPattern(folder.slice(1, -1)) }),
  };
}

/** `.`, `..`, `./…`, `../…`: pnpm's test for a selector by location. */
function isFolder(selector: string): boolean {
  return /^\.\.?(?:$|[/\\])/.test(selector);
}

function folderPattern(folder: string): string {
  return posix.join('.', folder.replace(/\\/g, '/')).replace(/\/$/, '');
}
