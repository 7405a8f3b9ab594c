/** A path segment a wildcard may match: not empty, not starting with "." (as in picomatch, which pnpm uses). */
const SEGMENT = '(?!\\.)[^/]+';

/**
 * A matcher for a folder glob relative to the workspace root, with the picomatch rules pnpm's `--filter ./glob`
 * follows: `*` and `?` within one path segment, `**` across any number of segments (`packages/**` also matches
 * `packages`), `[abc]` classes, `{a,b}` alternatives; wildcards do not match a name starting with ".". The root
 * folder is `.`, matched by `.` and `**`.
 */
export function folderGlob(pattern: string): (relativeDir: string) => boolean {
  const regexp = new RegExp(`^(?:${expandBraces(pattern).map(alternativeSource).join('|')})$`);
  return (relativeDir) => regexp.test(relativeDir === '.' ? '' : relativeDir);
}

/** `{a,b}` alternatives, nested ones included, as a list of brace-free patterns. */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '{') depth++;
    else if (char === ',' && depth === 1) commas.push(i);
    else if (char === '}' && --depth === 0) {
      if (commas.length === 0) break;
      const bounds = [open, ...commas, i];
      const rest = expandBraces(pattern.slice(i + 1));
      return bounds
        .slice(0, -1)
        .flatMap((start, k) => expandBraces(pattern.slice(0, open) + pattern.slice(start + 1, bounds[k + 1])))
        .flatMap((head) => rest.map((tail) => head + tail));
    }
  }
  // Braces without alternatives are plain characters.
  return expandBraces(pattern.slice(open + 1)).map((tail) => pattern.slice(0, open + 1) + tail);
}

function alternativeSource(pattern: string): string {
  const segments = (pattern === '.' ? '' : pattern).split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const first = index === 0;
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += first && last ? `(?:${SEGMENT}(?:/${SEGMENT})*)?` : first ? `(?:${SEGMENT}/)*` : `(?:/${SEGMENT})*`;
    } else {
      source += (first || (index === 1 && segments[0] === '**') ? '' : '/') + segmentSource(segment);
    }
  });
  return source;
}

/** One path segment: `*`, `?` and `[...]` stay within it and do not match a leading ".". */
function segmentSource(segment: string): string {
  let source = /^[*?[]/.test(segment) ? '(?!\\.)' : '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[' && segment.indexOf(']', i + 2) !== -1) {
      const end = segment.indexOf(']', i + 2);
      const body = segment
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else if (char === '\\' && i + 1 < segment.length) {
      source += escape(segment[++i]);
    } else {
      source += escape(char);
    }
  }
  return source;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
