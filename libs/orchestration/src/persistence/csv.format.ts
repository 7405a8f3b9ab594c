export type CsvValue = string | number | Date | null | undefined;

/** One CSV record (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled; CRLF at the end. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
