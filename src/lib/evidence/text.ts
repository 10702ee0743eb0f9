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
 * Calls `fn` with the byte span of each line (LF or CRLF, the span without its end) and its
 * 1-based number: what every line reader below splits by.
 */
export function eachLineSpan(
  bytes: Uint8Array,
  fn: (start: number, end: number, line: number) => void,
): void {
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    let i = bytes.indexOf(0x0a, start);
    if (i < 0) i = bytes.length;
    const cr = i > start && bytes[i - 1] === 0x0d;
    // A last line without a newline that is a lone CR is no line.
    if (cr && i === bytes.length && i - 1 === start) break;
    fn(start, cr ? i - 1 : i, line);
    start = i + 1;
  }
}

/** A line's text, as decoding its bytes alone reads it (a byte-order mark that starts it dropped). */
export function lineText(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

const spanDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The text of bytes within a line, every character kept (a U+FEFF there is text, not a mark). */
export function spanText(bytes: Uint8Array, start: number, end: number): string {
  return spanDecoder.decode(bytes.subarray(start, end));
}

/**
 * Calls `fn` with each line of the bytes (LF or CRLF) and its byte offset, with no object or array
 * per line. Offsets are counted on the bytes, so a line after multi-byte UTF-8 text still points at
 * the right byte. The text is decoded once: a newline byte never belongs to a multi-byte sequence,
 * so the decoded text breaks at the same places, found with indexOf.
 */
export function eachLine(bytes: Uint8Array, fn: (text: string, line: number, offset: number) => void): void {
  const text = decoder.decode(bytes);
  let from = 0;
  eachLineSpan(bytes, (start, end, line) => {
    let j = text.indexOf('\n', from);
    if (j < 0) j = text.length;
    let t = text.slice(from, j);
    if (end < bytes.length && bytes[end] === 0x0d) t = t.slice(0, -1);
    // As a decode of the line alone would, drop a byte-order mark that starts it (the file's
    // own, at its start, the whole decode dropped already).
    if (line > 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    fn(t, line, start);
    from = j + 1;
  });
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
