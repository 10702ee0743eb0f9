/**
 * The lines keepalived 2.2.7's parser reads (lib/parser.c `read_line()`): one at a time, each
 * decommented, with `@id` lines kept or dropped, `$NAME=value` definitions (multi-line ones
 * included) stored, `~SEQ` / `~LST` loops started, `$NAME` replaced, include lines handed to the
 * caller, and a line split after its first brace, the rest read again as a line of its own.
 *
 * The order of the sources is the C's, because it decides what nested constructs produce: the rest
 * of a line split at a brace first, then the innermost running loop (unless a multi-line definition
 * began inside it and is not finished), then the next line of a multi-line definition being
 * expanded, then the file. Lines that continue a multi-line definition come from whichever source
 * is next, so a definition can also be built by a loop.
 *
 * Unlike keepalived, a run is bounded: loops and multi-line definitions produce at most
 * MAX_SEQ_VALUES lines in all, and one line takes at most MAX_REPLACEMENTS replacements (a
 * definition that contains itself makes keepalived loop for ever).
 */
import type { Diagnostic, TextPosition } from '../trace/diagnostic';
import {
  checkDefinition,
  type Definition,
  type Definitions,
  findDefinition,
  setDefinition,
} from './definitions';
import { isBlank } from './blanks';
import { readLst } from './lst';
import { MAX_SEQ_VALUES, readSeq, SEQ_BUF } from './seq';

/** Text, and for each character its column in the line as written (null when it is not the file's). */
export interface Text {
  text: string;
  cols: number[] | null;
}

/** The line of the file read last: keepalived gives its number to everything read from it. */
export interface Place {
  file?: string;
  line: number;
  /** Its length, so that positions of text it did not hold as written stay within it. */
  written: number;
}

export interface ReadLine extends Text {
  place: Place;
  /** Include depth of the file read last. */
  depth: number;
}

export interface ReaderHooks {
  /** keepalived's `-i config-id`, for `@id` lines. */
  configId?: string;
  diags: Diagnostic[];
  /** check_include(): true when the line was an include line (and is consumed). */
  include(line: ReadLine): boolean;
}

/** keepalived's MAXBUF: the longest line parameter replacement may make (with its NUL). */
const MAX_BUF = 1024;
/** 1023 usable characters per line of a file; a longer one is ignored. */
export const MAX_LINE_CHARS = MAX_BUF - 1;
/** Replacements in one line before vrrpscope gives up on a definition that contains itself. */
export const MAX_REPLACEMENTS = 10_000;

interface Frame {
  file?: string;
  lines: string[];
  next: number;
  depth: number;
  place: Place;
}

/** A running `~SEQ` or `~LST` loop: its variables, a value per variable per pass, its text. */
interface Loop {
  params: string[];
  sets: string[][];
  next: number;
  text: string;
}

/**
 * decomment(): drops leading blanks, the comment (`#` or `!` outside double quotes), the `\` of
 * `\#` and `\!` outside quotes and trailing blanks; a final `\` is kept, after the blanks go.
 */
export function decomment(t: Text): Text {
  const chars = [...t.text];
  const cols = t.cols ? [...t.cols] : null;
  let start = 0;
  while (isBlank(chars[start])) start++;
  chars.splice(0, start);
  cols?.splice(0, start);
  let quote = false;
  let skip = -1;
  let cont: number | null = null;
  for (let p = 0; p < chars.length; p++) {
    const c = chars[p];
    if (c === '"') {
      if (skip < 0) quote = !quote;
    } else if (c === '\\') {
      if (p + 1 === chars.length) {
        cont = cols ? cols[p] : 0;
        chars.length = p;
        cols?.splice(p);
        break;
      }
      if (!quote && (chars[p + 1] === '#' || chars[p + 1] === '!')) {
        chars.splice(p, 1);
        cols?.splice(p, 1);
      } else p++;
    } else if (!quote && skip < 0 && (c === '#' || c === '!')) skip = p;
  }
  let end = skip >= 0 ? Math.min(skip, chars.length) : chars.length;
  while (end > 0 && isBlank(chars[end - 1])) end--;
  const text = chars.slice(0, end).join('') + (cont !== null ? '\\' : '');
  return { text, cols: cols ? [...cols.slice(0, end), ...(cont !== null ? [cont] : [])] : null };
}

const slice = (t: Text, from: number, to?: number): Text => ({
  text: t.text.slice(from, to),
  cols: t.cols ? t.cols.slice(from, to) : null,
});

const trimEnd = (t: Text): Text => {
  let end = t.text.length;
  while (end > 0 && isBlank(t.text[end - 1])) end--;
  return slice(t, 0, end);
};

/**
 * The end of the first part of a line: after a leading brace (and its blanks), or before the first
 * brace outside double quotes. Null when the line is not split.
 */
function braceSplit(text: string): number | null {
  let p = 0;
  if (text[0] !== '{' && text[0] !== '}') {
    for (; p < text.length; p++) {
      if (text[p] === '{' || text[p] === '}') break;
      if (text[p] === '"') {
        p = text.indexOf('"', p + 1);
        if (p < 0) return null;
      }
    }
    if (p >= text.length) return null;
  }
  let skip = 0;
  if (p === 0) for (skip = 1; isBlank(text[skip]); skip++);
  return p + skip < text.length ? p + skip : null;
}

export class LineReader {
  private readonly frames: Frame[] = [];
  private place: Place = { line: 0, written: 0 };
  private depth = 0;
  private readonly defs: Definitions = new Map();
  private readonly loops: Loop[] = [];
  /** The rest of the multi-line definition being expanded (the C's next_ptr). */
  private nextLines: string | null = null;
  /** Expansions interrupted by another multi-line definition, and the loop depth of each. */
  private readonly multilineStack: { rest: string; seqDepth: number }[] = [];
  /** Loops that were running when the current multi-line expansion began wait for its end. */
  private multilineSeqDepth = 0;
  private residue: Text | null = null;
  /** The definition whose following lines are being added (multi-line), in this call only. */
  private building: Definition | null = null;
  private produced = 0;
  private replacements = 0;
  private cut = false;

  constructor(private readonly hooks: ReaderHooks) {}

  /** A file to read before the rest of the current one (an include, or the main file). */
  pushFile(file: string | undefined, text: string, depth: number): void {
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    this.frames.push({ file, lines, next: 0, depth, place: { file, line: 0, written: 0 } });
  }

  /** The next line with some text, as read_line() returns it, or null at the end. */
  next(): ReadLine | null {
    this.building = null;
    this.replacements = 0;
    let buf: Text;
    do {
      const got = this.source();
      if (got === null) return null;
      buf = got;
      if (this.building) {
        this.addToDefinition(buf.text);
        buf = { text: '', cols: null };
        continue;
      }
      if (buf.text) buf = this.preprocess(buf);
    } while (!buf.text || this.hooks.include(this.line(buf)));
    const split = braceSplit(buf.text);
    if (split !== null) {
      this.residue = trimEnd(slice(buf, split));
      buf = slice(buf, 0, split);
    }
    return this.line(trimEnd(buf));
  }

  private line(t: Text): ReadLine {
    return { ...t, place: this.place, depth: this.depth };
  }

  /** A position over the whole of a line, for messages about it. */
  at(t: Text): TextPosition {
    const { file, line, written } = this.place;
    const col = Math.min(t.cols?.[0] ?? 1, Math.max(1, written));
    return { file, line, col, endLine: line, endCol: Math.max(col + 1, written + 1) };
  }

  private warn(code: string, message: string, t: Text, hint?: string): void {
    this.hooks.diags.push({ code, severity: 'warning', message, at: this.at(t), hint });
  }

  /** The next line from the first source that has one (see the file comment), or null at the end. */
  private source(): Text | null {
    if (this.residue) {
      const r = this.residue;
      this.residue = null;
      return r;
    }
    if (this.loops.length > this.multilineSeqDepth && this.budget()) {
      const loop = this.loops[this.loops.length - 1];
      const values = loop.sets[loop.next++];
      loop.params.forEach((name, k) => setDefinition(this.defs, name, values[k]));
      if (loop.next >= loop.sets.length) this.loops.pop();
      return { text: loop.text, cols: null };
    }
    if (this.nextLines !== null && this.budget()) {
      const rest = this.nextLines;
      const end = rest.indexOf('\n');
      if (end >= 0) {
        this.nextLines = rest.slice(end + 1);
        return { text: rest.slice(0, end), cols: null };
      }
      const outer = this.multilineStack.pop();
      this.nextLines = outer ? outer.rest : null;
      this.multilineSeqDepth = outer ? outer.seqDepth : 0;
      return { text: rest, cols: null };
    }
    return this.fileLine();
  }

  /** Counts a produced line; past the bound, every loop and expansion is dropped, once, with a warning. */
  private budget(): boolean {
    if (++this.produced <= MAX_SEQ_VALUES) return true;
    if (!this.cut)
      this.warn(
        'config.seq-too-long',
        `~SEQ/~LST loops and multi-line definitions produced more than ${MAX_SEQ_VALUES} lines - vrrpscope reads no more of them`,
        { text: '', cols: null },
        'keepalived has no bound; vrrpscope stops there so that no input can hang it.',
      );
    this.cut = true;
    this.loops.length = 0;
    this.multilineStack.length = 0;
    this.nextLines = null;
    this.multilineSeqDepth = 0;
    return false;
  }

  /** The next line of the files with text after decomment(), or null at the end of the last file. */
  private fileLine(): Text | null {
    for (;;) {
      const frame = this.frames[this.frames.length - 1];
      if (!frame) return null;
      if (frame.next >= frame.lines.length) {
        this.frames.pop();
        continue;
      }
      const n = frame.next++;
      const raw = frame.lines[n].replace(/[\r\n]+$/, '');
      frame.place = { file: frame.file, line: n + 1, written: raw.length };
      this.place = frame.place;
      this.depth = frame.depth;
      if (raw.length > MAX_LINE_CHARS) {
        this.hooks.diags.push({
          code: 'config.line-too-long',
          severity: 'warning',
          message: `line too long - ignoring`,
          at: { file: frame.file, line: n + 1, col: 1, endLine: n + 1, endCol: MAX_LINE_CHARS + 1 },
          hint: `keepalived reads at most ${MAX_LINE_CHARS} characters per line.`,
        });
        continue;
      }
      const t = decomment({ text: raw, cols: [...raw].map((_, i) => i + 1) });
      if (t.text) return t;
      // An empty line ends a multi-line definition (one with no value yet is then an ordinary one).
      // So does a line of blanks or comment: the VRRP process reads the copy of the file that the
      // parent writes, where such a line is empty (keepalived -t shows the two processes differ).
      if (this.building && !this.building.value) this.building.multiline = false;
      this.building = null;
    }
  }

  /** A line that follows a multi-line definition's first: added to its value. */
  private addToDefinition(line: string): void {
    const def = this.building!;
    let text = line;
    if (text.endsWith('\\')) text = `${text.slice(0, -1).replace(/[ \t]+$/, '')}\n`;
    else {
      this.building = null;
      if (!def.value) def.multiline = false;
    }
    // A line of only `\` adds nothing.
    if (text.length >= 2 || (text.length && !this.building)) def.value += text;
  }

  /** `@id`, definitions, loops and replacement, over again while a replacement brings `@` or `$`. */
  private preprocess(line: Text): Text {
    const empty = { text: '', cols: null };
    let buf = line;
    for (;;) {
      if (buf.text[0] === '@') {
        const kept = this.conditional(buf);
        if (!kept) return empty;
        buf = kept;
      }
      if (buf.text[0] === '$') {
        const def = checkDefinition(buf.text, this.defs);
        if (def) {
          if (def.multiline) this.building = def;
          return empty;
        }
      }
      if (buf.text.startsWith('~SEQ') || buf.text.startsWith('~LST')) {
        this.startLoop(buf);
        return empty;
      }
      if (buf.text[0] === '~' || !buf.text.includes('$')) return buf;
      const holder = { rest: this.nextLines };
      const r = this.replace(buf.text, MAX_BUF, holder);
      this.nextLines = holder.rest;
      if (r.text !== buf.text) buf = { text: r.text, cols: null };
      if (!r.found) return buf;
      buf = decomment(buf);
      if (buf.text[0] !== '@' && !buf.text.includes('$')) return buf;
    }
  }

  /** An `@id` / `@^id` line without its prefix, or null when it is not for this config id. */
  private conditional(buf: Text): Text | null {
    const { text } = buf;
    const negate = text[1] === '^';
    const from = negate ? 2 : 1;
    let blank = from;
    while (blank < text.length && !isBlank(text[blank])) blank++;
    const id = text.slice(from, blank);
    const configId = this.hooks.configId;
    if (blank < text.length && (configId === undefined || id !== configId) === negate) {
      let start = blank;
      while (isBlank(text[start])) start++;
      return slice(buf, start);
    }
    this.hooks.diags.push({
      code: 'config.conditional-line',
      severity: 'info',
      message: `Line skipped: its '@' config id does not match${configId ? ` '${configId}'` : ' (no config id given)'}`,
      at: this.at(buf),
    });
    return null;
  }

  /**
   * replace_param(): each `$NAME` / `${NAME}` with a definition is replaced, and the text put in its
   * place is searched again (definitions may use definitions). A multi-line definition puts its first
   * line there and leaves the others in `holder.rest`, saving an expansion it interrupts. Returns
   * found = false when nothing was replaced or the line would grow past `maxLen` (then the text has
   * the replacements made before, as the C's buffer has).
   */
  private replace(
    line: string,
    maxLen: number,
    holder: { rest: string | null },
  ): { text: string; found: boolean } {
    let buf = line;
    let found = false;
    let current = holder.rest;
    let next = holder.rest;
    for (let cur = buf.indexOf('$'); cur >= 0 && cur + 1 < buf.length; cur = buf.indexOf('$', cur)) {
      const use = findDefinition(buf, cur + 1, this.defs);
      if (!use) {
        cur++;
        continue;
      }
      if (++this.replacements > MAX_REPLACEMENTS) {
        this.warn(
          'config.param-loop',
          `Parameter substitution on line '${line}' does not end - vrrpscope stops replacing`,
          { text: line, cols: null },
          'A definition that contains itself makes keepalived loop for ever on this line.',
        );
        return { text: buf, found: false };
      }
      found = true;
      next = current;
      const { def, span } = use;
      let value = def.value;
      if (def.multiline) {
        if (current !== null) this.multilineStack.push({ rest: current, seqDepth: this.multilineSeqDepth });
        this.multilineSeqDepth = this.loops.length;
        const end = def.value.indexOf('\n');
        value = end < 0 ? def.value : def.value.slice(0, end);
        next = end < 0 ? '' : def.value.slice(end + 1);
        current = next;
      }
      if (buf.length + value.length - span >= maxLen) {
        this.hooks.diags.push({
          code: 'config.param-too-long',
          severity: 'warning',
          message: `Parameter substitution on line '${buf}' would exceed maximum line length`,
          at: this.at({ text: buf, cols: null }),
        });
        return { text: buf, found: false };
      }
      buf = buf.slice(0, cur) + value + buf.slice(cur + span);
      if (def.value.replace(/^[ \t]+/, '')[0] === '~') break;
    }
    if (found) holder.rest = next;
    return { text: buf, found };
  }

  /** A `~SEQ` or `~LST` line: a loop started, or keepalived's messages. */
  private startLoop(buf: Text): void {
    const line = buf.text;
    const seq = line[1] === 'S';
    const r = seq
      ? readSeq(line, (numbers) => {
          const holder = { rest: null };
          const { text } = this.replace(numbers, SEQ_BUF, holder);
          return { text, multiline: holder.rest !== null };
        })
      : readLst(line);
    if ('error' in r) {
      const what = seq ? '~SEQ' : '~LST';
      for (const message of [r.error, `Invalid ${what} specification '${line}'`])
        if (message)
          this.warn(
            seq ? 'config.seq-invalid' : 'config.lst-invalid',
            message,
            buf,
            seq
              ? '~SEQ(VAR, END), ~SEQ(VAR, START, END) or ~SEQ(VAR, START, STEP, END), then the text to repeat.'
              : '~LST(VAR, v1, v2, …) or ~LST({A, B}, {a1, b1}, {a2, b2}, …), then the text to repeat.',
          );
      return;
    }
    if ('params' in r.loop) {
      this.loops.push({ ...r.loop, next: 0 });
      return;
    }
    const { variable, values, text } = r.loop;
    if (values.length > MAX_SEQ_VALUES)
      this.warn(
        'config.seq-too-long',
        `~SEQ loop of more than ${MAX_SEQ_VALUES} values - vrrpscope reads only the first ${MAX_SEQ_VALUES}`,
        buf,
      );
    const sets = values.slice(0, MAX_SEQ_VALUES).map((v) => [v]);
    this.loops.push({ params: [variable], sets, next: 0, text });
  }
}
