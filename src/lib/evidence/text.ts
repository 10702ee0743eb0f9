/**
 * Evidence text as lines with their positions. Readers take bytes (the CLI reads files, the app
 * reads dropped ones) and report every line they cannot read by line number and byte offset.
 */

export interface TextLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  text: string;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 text of the bytes; invalid sequences become U+FFFD rather than an exception. */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** True when the bytes look like text: no NUL in the first 4 KiB. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}

/**
 * Calls `fn` with each line of the bytes (LF or CRLF) and its byte offset, with no object or array
 * per line. Offsets are counted on the bytes, so a line after multi-byte UTF-8 text still points at
 * the right byte. The text is decoded once (a decode per line costs more than the rest of reading a
 * log): a newline byte never belongs to a multi-byte sequence, so the decoded text breaks at the
 * same places, found with indexOf on both.
 */
export function eachLine(bytes: Uint8Array, fn: (text: string, line: number, offset: number) => void): void {
  const text = decoder.decode(bytes);
  let start = 0;
  let from = 0;
  for (let line = 1; start < bytes.length; line++) {
    let i = bytes.indexOf(0x0a, start);
    let j = text.indexOf('\n', from);
    if (i < 0) {
      i = bytes.length;
      j = text.length;
    }
    let t = text.slice(from, j);
    const cr = i > start && bytes[i - 1] === 0x0d;
    if (cr) t = t.slice(0, -1);
    // A last line without a newline that is a lone CR is no line.
    if (cr && i === bytes.length && i - 1 === start) break;
    // As a decode of the line alone would, drop a byte-order mark that starts it (the file's
    // own, at its start, the whole decode dropped already).
    if (line > 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    fn(t, line, start);
    start = i + 1;
    from = j + 1;
  }
}

/** The lines of the bytes with their positions (eachLine's, as objects). */
export function splitLines(bytes: Uint8Array): TextLine[] {
  const out: TextLine[] = [];
  eachLine(bytes, (text, line, offset) => out.push({ line, offset, text }));
  return out;
}

/** The first non-empty lines (for content detection). */
export function firstLines(bytes: Uint8Array, count: number, maxBytes = 65536): string[] {
  const text = decodeText(bytes.subarray(0, maxBytes));
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim().length > 0)
    .slice(0, count);
}
