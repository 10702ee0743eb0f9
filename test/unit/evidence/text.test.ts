/**
 * Lines of evidence text: eachLine decodes the whole text once and breaks it where the bytes break;
 * each line must read as decoding that line's bytes alone would, at its byte offset.
 */
import { describe, expect, it } from 'vitest';
import { eachLine, splitLines } from '../../../src/lib/evidence/text';

/** The oracle: split the bytes at LF, drop a CR before it, decode each line's bytes on their own. */
function perLine(bytes: Uint8Array): { line: number; offset: number; text: string }[] {
  const out: { line: number; offset: number; text: string }[] = [];
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    const last = end < 0;
    if (last) end = bytes.length;
    const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
    if (!(last && stop === start))
      out.push({ line, offset: start, text: new TextDecoder().decode(bytes.subarray(start, stop)) });
    start = end + 1;
  }
  return out;
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('eachLine', () => {
  const cases: [string, Uint8Array][] = [
    ['empty', bytes('')],
    ['one line, no newline', bytes('abc')],
    ['LF and CRLF, empty lines', bytes('a\r\n\nb\r\nc\n\n')],
    ['a lone CR as the last line', bytes('a\n\r')],
    ['a CR inside a line', bytes('a\rb\nc')],
    ['multi-byte text shifts byte offsets', bytes('héllo — wörld\n→ next\nlast')],
    [
      'a file BOM and a BOM starting a later line',
      bytes([0xef, 0xbb, 0xbf], 'first\n', [0xef, 0xbb, 0xbf], 'second\n'),
    ],
    ['invalid and cut UTF-8 before a newline', bytes('x', [0xe2, 0x82], '\n', [0xff, 0xfe], 'y\r\n', [0xc3])],
  ];
  for (const [name, b] of cases)
    it(name, () => {
      const seen: { line: number; offset: number; text: string }[] = [];
      eachLine(b, (text, line, offset) => seen.push({ line, offset, text }));
      expect(seen).toEqual(perLine(b));
      expect(splitLines(b)).toEqual(perLine(b));
    });
});
