import { stripVTControlCharacters } from 'node:util';

/** How much of a script's combined output a {@link ScriptRun} keeps. */
export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** One output stream feeding an {@link OutputTail}: decoded text in, in the order it arrives. */
export interface OutputSource {
  write(text: string): void;
  /** Flushes a last line that had no newline. */
  end(): void;
}

/**
 * The last `limitBytes` of a process's output, interleaved line by line from several streams (stdout and stderr),
 * so a line of one stream is never cut in two by a chunk of the other. Memory stays bounded whatever the output size:
 * old lines are dropped as new ones come in, and a partial line longer than the limit keeps only its end.
 * Plain text only: ANSI escape sequences are stripped from each whole line (some tools colour their output whatever
 * FORCE_COLOR says), so that reports and failure messages never carry them; the package's log file keeps them.
 */
export class OutputTail {
  /** Whole lines with their newline (the last may lack it), oldest first from `head`; `sizes` holds their UTF-8 lengths. */
  private readonly lines: string[] = [];
  private readonly sizes: number[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly onLine: (line: string) => void = () => undefined,
    private readonly limitBytes = OUTPUT_TAIL_BYTES,
  ) {}

  /**
   * A new stream writing into this tail; `onLine` gets each of its complete non-empty lines, ANSI stripped, trailing
   * whitespace trimmed.
   */
  source(): OutputSource {
    let pending = '';
    return {
      write: (text) => {
        pending += text;
        let start = 0;
        for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n', start)) {
          this.addLine(pending.slice(start, newline + 1));
          start = newline + 1;
        }
        pending = pending.slice(start);
        // Every character takes at least one byte, so this many characters always cover the whole tail.
        if (pending.length > this.limitBytes) pending = dropLeadingLowSurrogate(pending.slice(-this.limitBytes));
      },
      end: () => {
        if (pending !== '') this.addLine(pending);
        pending = '';
      },
    };
  }

  /** The kept output; it starts at the beginning of a line unless a single line is longer than the whole limit. */
  toString(): string {
    return this.lines.slice(this.head).join('');
  }

  private addLine(raw: string): void {
    // Whole lines only: a chunk boundary can fall inside an escape sequence.
    let line = stripVTControlCharacters(raw);
    const trimmed = line.trimEnd();
    if (trimmed !== '') this.onLine(trimmed);
    let size = Buffer.byteLength(line);
    if (size > this.limitBytes) {
      line = truncateStartToBytes(line, this.limitBytes);
      size = Buffer.byteLength(line);
    }
    this.lines.push(line);
    this.sizes.push(size);
    this.bytes += size;
    while (this.bytes > this.limitBytes) this.bytes -= this.sizes[this.head++];
    // Compact once the dropped prefix dominates, so dropping stays amortised O(1) per line.
    if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.sizes.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** The end of `text` that fits in `limitBytes` of UTF-8, never starting inside a character. */
function truncateStartToBytes(text: string, limitBytes: number): string {
  const encoded = Buffer.from(text);
  let start = encoded.length - limitBytes;
  // Skip UTF-8 continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (start < encoded.length && (encoded[start] & 0xc0) === 0x80) start++;
  return encoded.subarray(start).toString();
}

/** A cut through a surrogate pair leaves its second half, which would decode as a replacement character. */
function dropLeadingLowSurrogate(text: string): string {
  const first = text.charCodeAt(0);
  return first >= 0xdc00 && first <= 0xdfff ? text.slice(1) : text;
}
