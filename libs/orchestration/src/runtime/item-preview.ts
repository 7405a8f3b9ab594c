export const ITEM_PREVIEW_MAX_BYTES = 1024;
const ELLIPSIS = '…';
const ELLIPSIS_BYTES = 3;

/** JSON of a value cut to at most `maxBytes` UTF-8 bytes, ending with `…` when cut. */
export function previewOf(value: unknown, maxBytes = ITEM_PREVIEW_MAX_BYTES): string {
  const json = jsonOf(value);
  if (utf8Prefix(json, maxBytes) === json.length) {
    return json;
  }
  return json.slice(0, utf8Prefix(json, maxBytes - ELLIPSIS_BYTES)) + ELLIPSIS;
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Length (in UTF-16 units) of the longest prefix of `text` that fits in `maxBytes` UTF-8 bytes. */
function utf8Prefix(text: string, maxBytes: number): number {
  let bytes = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.codePointAt(index)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) {
      break;
    }
    bytes += size;
    index += code >= 0x10000 ? 2 : 1;
  }
  return index;
}
