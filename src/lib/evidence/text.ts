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
 * Splits bytes into lines (LF or CRLF) with their byte offsets. Offsets are counted on the bytes,
 * so a line after multi-byte UTF-8 text still points at the right byte. The text is decoded once
 * (a decode per line costs more than the rest of reading a log): a newline byte never belongs to a
 * multi-byte sequence, so the decoded text splits at the same places.
 */
export function splitLines(bytes: Uint8Array): TextLine[] {
  const parts = decoder.decode(bytes).split('\n');
  const out: TextLine[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      let end = i;
      let text = parts[line - 1];
      if (end > start && bytes[end - 1] === 0x0d) {
        end--;
        text = text.slice(0, -1);
      }
      // As a decode of the line alone would, drop a byte-order mark that starts it (the file's
      // own, at its start, the whole decode dropped already).
      if (line > 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (i < bytes.length || end > start) out.push({ line, offset: start, text });
      start = i + 1;
      line++;
    }
  }
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
