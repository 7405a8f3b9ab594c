/** Longest JSON view of a string or an object a message shows: enough to recognise it, never a whole input. */
const MAX_SHOWN_CHARACTERS = 80;

/**
 * A value as every Baton message names it: its kind, then what it holds, bounded. `null`, `undefined`,
 * `a string ("abc")`, `a number (NaN)`, `a boolean (false)`, `an empty array`, `an array of 3 items`,
 * `an object ({"a":1})`, `an instance of Date`, `a function (build)`.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty array' : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  switch (typeof value) {
    case 'string':
      return `a string (${shown(JSON.stringify(value))})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `a ${typeof value} (${String(value)})`;
    case 'symbol':
      return `a symbol (${value.toString()})`;
    case 'function':
      return value.name === '' ? 'a function' : `a function (${value.name})`;
    default:
      return describeObject(value as object);
  }
}

function describeObject(value: object): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && prototype !== Object.prototype) {
    const name = (value.constructor as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object';
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return json === undefined ? 'an object' : `an object (${shown(json)})`;
}

function shown(json: string): string {
  return json.length <= MAX_SHOWN_CHARACTERS ? json : `${json.slice(0, MAX_SHOWN_CHARACTERS - 1)}…`;
}
