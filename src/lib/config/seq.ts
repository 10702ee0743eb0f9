/**
 * keepalived's `~SEQ` loops (2.2.7, lib/parser.c `add_seq()` and `read_line()`):
 * `~SEQ(VAR, END)`, `~SEQ(VAR, START, END)` or `~SEQ(VAR, START, STEP, END)` followed by the rest of
 * the line. The rest of the line is read once per value, with `$VAR` defined as that value (decimal,
 * or lower-case hex for `~SEQx`), before the next line of the file. The values are read as C's
 * `strtol(…, 0)` reads them (`0x` hex, leading-0 octal); with one number N the loop runs 1…N (N ≥ 1),
 * 1, 0 (N = 0) or −1…N (N < 0). The definition stays set to the last value after the loop.
 *
 * Everything here follows the C, quirks included: the character after the variable's name is skipped
 * whatever it is (`~SEQ(i 1, 3)` is `~SEQ(i, 0, 3)`), a missing number reads as 0, and a missing `)`
 * is "parameter strings too long" (the C measures up to a NULL pointer).
 */
import { skipBlanks } from './blanks';

export interface SeqLoop {
  variable: string;
  values: string[];
  /** The text read once per value (after the `)` and the blanks after it). */
  text: string;
}

/** keepalived's messages for a line it refuses (each also followed by "Invalid ~SEQ specification"). */
export type SeqResult = { loop: SeqLoop } | { error: string | null };

/** The buffer the C copies the numbers into: 3 longs of 20 characters, their separators, and a NUL. */
export const SEQ_BUF = 3 * 20 + 3 + 1;

/** `$NAME` replacement in the numbers: the text, and whether a multi-line definition was met. */
export type SeqReplace = (numbers: string) => { text: string; multiline: boolean };
/** Beyond this many values a loop is cut (keepalived has no limit; vrrpscope must not hang). */
export const MAX_SEQ_VALUES = 10_000;

/** C's strtol(p, &end, 0): the value and where reading stopped (`from` when nothing was read). */
export function strtol(s: string, from: number): { value: number; end: number } {
  let i = from;
  while (i < s.length && /[ \t\n\r\f\v]/.test(s[i])) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') sign = s[i++] === '-' ? -1 : 1;
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') base = 8;
  const digit = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  let value = 0;
  while (i < s.length && digit.test(s[i])) value = value * base + parseInt(s[i++], 16);
  if (i === start) return { value: 0, end: from };
  // LONG_MAX / LONG_MIN saturate; a double holds them to within its precision, which is enough here.
  return { value: sign * Math.min(value, 2 ** 63 - 1), end: i };
}

/**
 * Reads a `~SEQ` line (already without leading blanks and comments) as `add_seq()` does. `replace`
 * expands `$NAME` parameters in the numbers (within SEQ_BUF), as keepalived does before reading them.
 */
export function readSeq(line: string, replace: SeqReplace): SeqResult {
  const definition = { error: `Invalid ~SEQ definition '${line}'` };
  let p = 4;
  const hex = line[p] === 'x';
  if (hex) p++;
  p = skipBlanks(line, p);
  if (line[p++] !== '(') return { error: null };
  p = skipBlanks(line, p);
  const varStart = p;
  while (p < line.length && !' \t,)'.includes(line[p])) p++;
  const variable = line.slice(varStart, p);
  p = skipBlanks(line, p);
  if (p >= line.length || line[p] === ')' || variable === '') return definition;
  // The separator is skipped whatever it is.
  p = skipBlanks(line, p + 1);
  const close = line.indexOf(')', p);
  if (close < 0 || close + 1 - p + 1 > SEQ_BUF) return { error: `~SEQ parameter strings too long '${line}'` };
  const replaced = replace(line.slice(p, close + 1));
  if (replaced.multiline) return { error: `~SEQ parameter is multiline definition '${line}'` };
  const buf = replaced.text;
  let start: number;
  let step: number;
  let end: number;
  const one = strtol(buf, 0);
  let q = skipBlanks(buf, one.end);
  if (buf[q] === ')') {
    end = one.value;
    step = end < 1 ? -1 : 1;
    start = end < 0 ? -1 : 1;
  } else {
    if (buf[q] !== ',') return definition;
    const two = strtol(buf, q + 1);
    q = skipBlanks(buf, two.end);
    if (buf[q] === ')') {
      start = one.value;
      end = two.value;
      step = start <= end ? 1 : -1;
    } else {
      if (buf[q] !== ',') return definition;
      const three = strtol(buf, q + 1);
      q = skipBlanks(buf, three.end);
      if (buf[q] !== ')') return definition;
      [start, step, end] = [one.value, two.value, three.value];
      if (!step || (start < end && step < 0) || (start > end && step > 0))
        return { error: `Invalid ~SEQ values '${line}'` };
    }
  }
  if (hex && (start < 0 || end < 0)) return { error: `~SEQx is only valid for positive numbers '${line}'` };
  const values: string[] = [];
  for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
    values.push(hex ? v.toString(16) : String(v));
    if (values.length > MAX_SEQ_VALUES) break;
  }
  return { loop: { variable, values, text: line.slice(skipBlanks(line, close + 1)) } };
}
