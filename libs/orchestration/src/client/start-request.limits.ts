/**
 * Largest workflow input a start accepts, as JSON. Temporal warns from 256 KiB and refuses payloads over 2 MB; an
 * input near that fails the workflow task each time the interpreter schedules its steps with it.
 */
export const MAX_INPUT_BYTES = 256 * 1024;
/** Longest workflow id a start accepts: ids are keys in Temporal and in PostgreSQL, and child ids extend them. */
export const MAX_WORKFLOW_ID_LENGTH = 200;

/** Control characters (NUL among them) have no place in an id, a path or a name, and PostgreSQL cannot store NUL. */
const hasControlCharacter = (text: string): boolean =>
  [...text].some((character) => character.charCodeAt(0) < 0x20 || character === '\u007f');

/** What keeps a start from being carried out to the end, whatever the workflow: one message per problem. */
export function startRequestProblems(workflowId: string | undefined, input: unknown): string[] {
  const problems: string[] = [];
  if (workflowId !== undefined) {
    if (workflowId.trim() === '' || workflowId.length > MAX_WORKFLOW_ID_LENGTH || hasControlCharacter(workflowId)) {
      problems.push(
        `the workflow id ${JSON.stringify(workflowId.slice(0, 80))}${workflowId.length > 80 ? '…' : ''} must be 1 ` +
          `to ${MAX_WORKFLOW_ID_LENGTH} characters ` +
          'without control characters; leave it out to get a generated one',
      );
    }
  }
  const json = JSON.stringify(input ?? null);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_INPUT_BYTES) {
    problems.push(
      `the input is ${Math.ceil(bytes / 1024)} KiB of JSON, above the limit of ${MAX_INPUT_BYTES / 1024} KiB; ` +
        'pass a reference instead (a path, a URL or a database id that the steps read)',
    );
  } else {
    const nul = nulCharacterPath(input, 'input');
    if (nul !== undefined) problems.push(`${nul} contains a NUL character, which cannot be stored; remove it`);
  }
  return problems;
}

/** Where the first string or key holding a NUL character is, as `input.records[3].name`; undefined when none does. */
export function nulCharacterPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      const found = nulCharacterPath(entry, `${path}[${index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      if (key.includes('\0')) return `a key of ${path}`;
      const found = nulCharacterPath(entry, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
