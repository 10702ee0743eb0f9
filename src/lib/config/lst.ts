/**
 * keepalived's `~LST` loops (2.2.7, lib/parser.c `add_lst()`): `~LST(VAR, v1, v2, …)` or
 * `~LST({A, B}, {a1, b1}, {a2, b2}, …)` followed by the rest of the line, which is read once per
 * value set with each variable defined as its value. The values are taken as written (no `$NAME`
 * is replaced in them), blanks around them are dropped, a set with fewer values than variables gives
 * the others an empty value, and one with more is refused ("too many values").
 *
 * As the C reads it: a variable or value runs up to a blank, `,` or `}` (a value also stops at `)`);
 * anything unexpected, the end of the line included, makes the line invalid, for which keepalived
 * says only "Invalid ~LST specification".
 */
import { skipBlanks } from './blanks';

/** One `~LST` loop: its variables, one array of values per pass, and the text read per pass. */
export interface ListLoop {
  params: string[];
  sets: string[][];
  text: string;
}

/** keepalived's own message when it says more than "Invalid ~LST specification" (or null). */
export type ListResult = { loop: ListLoop } | { error: string | null };

const upTo = (s: string, i: number, stops: string) => {
  while (i < s.length && !stops.includes(s[i])) i++;
  return i;
};

/**
 * One group: a word, or `{` words separated by commas `}`, as the C reads the variables and each
 * value set. `stops` ends a word; the group ends at its `}` (or, unbraced, at a `,` or `)` as
 * `endsBare` says); more than `most` words is "too many". Returns the words and where the group
 * ended (on its last character, the `}` skipped), or why not.
 */
function group(
  line: string,
  from: number,
  stops: string,
  endsBare: string,
  most: number,
): { words: string[]; p: number } | 'invalid' | 'too many' {
  let p = from;
  const braced = line[p] === '{';
  if (braced) p = skipBlanks(line, p + 1);
  const words: string[] = [];
  for (;;) {
    const end = upTo(line, p, stops);
    words.push(line.slice(p, end));
    p = skipBlanks(line, end);
    if (braced ? line[p] === '}' : endsBare.includes(line[p] ?? '\0')) break;
    if (line[p] !== ',') return 'invalid';
    p = skipBlanks(line, p + 1);
    if (words.length >= most) return 'too many';
  }
  return { words, p: braced ? skipBlanks(line, p + 1) : p };
}

/** Reads a `~LST` line (already without leading blanks and comments) as `add_lst()` does. */
export function readLst(line: string): ListResult {
  const invalid = { error: null };
  let p = skipBlanks(line, 4);
  if (line[p++] !== '(') return invalid;
  const vars = group(line, skipBlanks(line, p), ' \t,}', ',', Infinity);
  if (typeof vars === 'string') return invalid;
  const params = vars.words;
  p = vars.p;
  if (line[p++] !== ',') return invalid;
  p = skipBlanks(line, p);
  const sets: string[][] = [];
  for (;;) {
    const set = group(line, p, ' \t,})', ',)', params.length);
    if (set === 'too many') return { error: `~LST specification has too many values '${line}'` };
    if (set === 'invalid') return invalid;
    while (set.words.length < params.length) set.words.push('');
    sets.push(set.words);
    p = set.p;
    if (line[p] === ')') break;
    if (line[p] !== ',') return invalid;
    p = skipBlanks(line, p + 1);
  }
  return { loop: { params, sets, text: line.slice(skipBlanks(line, p + 1)) } };
}
