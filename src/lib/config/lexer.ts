/**
 * keepalived.conf lexer, following keepalived 2.2.7's reader (docs/vrrp-behaviour.md §7.1,
 * `lib/parser.c:read_line()`, `decomment()`, `alloc_strvec_r()`):
 * - lines come from line-reader.ts as read_line() hands them on: decommented, `@id` lines, `$NAME`
 *   definitions, `~SEQ` / `~LST` loops and multi-line definitions expanded, split after a brace;
 * - tokens are split on whitespace; a double-quoted string is one token, quotes removed;
 * - `{` and `}` need no whitespace around them: each brace is an item of its own;
 * - `include FILE` lines are replaced by the files a caller-supplied resolver returns.
 */
import type { Diagnostic, TextPosition } from '../trace/diagnostic';
import type { IncludedFile, IncludeResolver } from './model';
import { expandBraces } from './include';
import { LineReader, type ReadLine } from './line-reader';

/** One word of the config, with its place in the text. */
export interface Token {
  text: string;
  /** True when the word was written between double quotes. */
  quoted: boolean;
  at: TextPosition;
}

/** A line's words (up to a brace), or a brace on its own. */
export type LexItem = { kind: 'words'; tokens: Token[] } | { kind: 'open' | 'close'; token: Token };

export interface LexOptions {
  file?: string;
  resolveInclude?: IncludeResolver;
  /** keepalived's `-i config-id`, for `@id` lines. */
  configId?: string;
}

const MAX_INCLUDE_DEPTH = 32;
const INCLUDE_KEYWORDS = new Set(['include', 'includer', 'includem', 'includew', 'includeb', 'includea']);

function pos(file: string | undefined, line: number, col: number, endCol: number): TextPosition {
  return { file, line, col, endLine: line, endCol: Math.max(endCol, col + 1) };
}

/**
 * Writes a word so that this lexer reads it back unchanged: quoted when it is empty, holds blanks,
 * comment characters, braces or backslashes, or could start a preprocessor or include line.
 */
export function quoteWord(text: string): string {
  const risky = text === '' || /[\s#!{}\\]/.test(text) || /^[$@~]/.test(text) || INCLUDE_KEYWORDS.has(text);
  return risky ? `"${text}"` : text;
}

/**
 * Lexes one line as read_line() hands it on (decommented, at most one brace) into items. `colOf`
 * gives a character's column in the line as written.
 */
function lexLine(line: ReadLine, diags: Diagnostic[]): LexItem[] {
  const { text: raw, place } = line;
  const colOf = columns(line);
  const at = (from: number, to: number) => pos(place.file, place.line, colOf(from), colOf(to - 1) + 1);
  const items: LexItem[] = [];
  let words: Token[] = [];
  let text = '';
  let start = -1;
  let quoted = false;
  let inQuote = false;
  let quoteStart = 0;
  const flushToken = (end: number) => {
    if (start >= 0) words.push({ text, quoted, at: at(start, end) });
    text = '';
    start = -1;
    quoted = false;
  };
  const flushWords = () => {
    if (words.length) items.push({ kind: 'words', tokens: words });
    words = [];
  };
  let i = 0;
  for (; i < raw.length; i++) {
    const c = raw[i];
    if (inQuote) {
      if (c === '"') inQuote = false;
      else text += c;
      continue;
    }
    if (c === '"') {
      if (start < 0) start = i;
      inQuote = true;
      quoted = true;
      quoteStart = i;
      continue;
    }
    if (c === '{' || c === '}') {
      flushToken(i);
      flushWords();
      items.push({ kind: c === '{' ? 'open' : 'close', token: { text: c, quoted: false, at: at(i, i + 1) } });
      continue;
    }
    if (/\s/.test(c)) {
      flushToken(i);
      continue;
    }
    if (start < 0) start = i;
    text += c;
  }
  if (inQuote) {
    diags.push({
      code: 'config.unterminated-quote',
      severity: 'warning',
      message: `Unmatched quote: '${raw}'`,
      at: at(quoteStart, raw.length),
      hint: 'The string runs to the end of the line.',
    });
  }
  flushToken(i);
  flushWords();
  return items;
}

/**
 * A character's column in the line as written: where the file has it, else (text a definition or a
 * loop put there) its place in the text, kept within the written line.
 */
function columns(line: ReadLine): (i: number) => number {
  const { cols, place } = line;
  const last = Math.max(1, place.written);
  return (i) => cols?.[Math.min(i, cols.length - 1)] ?? Math.min(i + 1, last);
}

/**
 * Lexes a whole config text, expanding includes. Never throws: problems become diagnostics with a
 * position, and the rest of the text is still read.
 */
export function lexConfig(text: string, opts: LexOptions = {}, diags: Diagnostic[] = []): LexItem[] {
  const out: LexItem[] = [];
  const reader: LineReader = new LineReader({
    configId: opts.configId,
    diags,
    include: (line) => {
      const inc = includeTokens(line);
      if (inc) include(inc, line.place.file, line.depth, opts, diags, reader);
      return inc !== null;
    },
  });
  reader.pushFile(opts.file, text, 0);
  for (let line = reader.next(); line; line = reader.next()) out.push(...lexLine(line, diags));
  return out;
}

/**
 * An `include` line keeps its braces: keepalived checks for includes before splitting a line at
 * braces, so `include /etc/k/{a,b}.conf` is one brace-expanded pattern. Returns null for other lines.
 */
function includeTokens(line: ReadLine): Token[] | null {
  const raw = line.text;
  const m = /^(include[rmwba]?)(?=\s|$)/.exec(raw);
  if (!m || !INCLUDE_KEYWORDS.has(m[1])) return null;
  const colOf = columns(line);
  const { file, line: lineNo } = line.place;
  const at = (from: number, to: number) => pos(file, lineNo, colOf(from), colOf(to - 1) + 1);
  const tokens: Token[] = [{ text: m[1], quoted: false, at: at(0, m[0].length) }];
  const word = /"([^"]*)"?|(\S+)/g;
  word.lastIndex = m[0].length;
  for (let w = word.exec(raw); w; w = word.exec(raw))
    tokens.push({ text: w[1] ?? w[2], quoted: w[1] !== undefined, at: at(w.index, w.index + w[0].length) });
  return tokens;
}

function include(
  tokens: Token[],
  file: string | undefined,
  depth: number,
  opts: LexOptions,
  diags: Diagnostic[],
  reader: LineReader,
): void {
  const kw = tokens[0];
  const at: TextPosition = { ...kw.at, endCol: tokens[tokens.length - 1].at.endCol };
  const target = tokens[1]?.text;
  if (!target) {
    diags.push({
      code: 'config.include-missing-path',
      severity: 'warning',
      message: `${kw.text} needs a file name - ignoring`,
      at,
    });
    return;
  }
  if (!opts.resolveInclude) {
    diags.push({
      code: 'config.include-unresolved',
      severity: 'warning',
      message: `Cannot read included file '${target}' - ignoring`,
      at,
      hint: 'Give the included files too (several files can be pasted or passed together).',
    });
    return;
  }
  // Each brace alternative is globbed on its own (glob(3) with GLOB_BRACE), so that a missing file
  // among them is told apart from a wildcard that matches nothing, as keepalived does.
  const alternatives = expandBraces(target);
  const files: IncludedFile[] = [];
  let missing = 0;
  for (const alt of alternatives) {
    let found: IncludedFile[];
    try {
      found = opts.resolveInclude(alt, file);
    } catch {
      found = [];
    }
    if (found.length === 0 && !/[*?[]/.test(alt)) missing++;
    for (const f of found) if (!files.some((g) => g.file === f.file)) files.push(f);
  }
  const message =
    files.length === 0 && (missing > 0 || alternatives.length > 1)
      ? `Config files missing '${target}'.`
      : missing > 0
        ? `Some config files missing: "${target}".`
        : null;
  if (message) diags.push({ code: 'config.include-not-found', severity: 'warning', message, at });
  else if (files.length === 0)
    diags.push({
      code: 'config.include-no-match',
      severity: 'info',
      message: `No file matches '${target}' - nothing included`,
      at,
      hint: 'keepalived says nothing when a wildcard matches no file.',
    });
  // keepalived names a match as glob(3) returns it: relative to the including file's directory when
  // the pattern is relative (it reads from there).
  const dir = file?.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const shown = (f: IncludedFile) =>
    !target.startsWith('/') && dir && f.file.startsWith(dir) ? f.file.slice(dir.length) : f.file;
  const readable: IncludedFile[] = [];
  for (const f of files) {
    if (f.skip) {
      const what = f.skip === 'directory' ? 'is a directory' : 'is not a regular non-executable file';
      diags.push({
        code: 'config.include-not-regular',
        severity: 'warning',
        message: `Configuration file '${shown(f)}${f.skip === 'directory' ? '/' : ''}' ${what} - skipping`,
        at,
      });
      continue;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      // keepalived has no depth limit: a loop runs until it has no file descriptor left, and it says
      // so in these words and goes on with the rest (a warning).
      diags.push({
        code: 'config.include-depth',
        severity: 'warning',
        message: `Configuration file '${shown(f)}' open problem (Too many open files) - skipping`,
        at,
        hint: `An include loop (or nesting deeper than ${MAX_INCLUDE_DEPTH}): keepalived follows it until it runs out of open files, then skips the include.`,
      });
      continue;
    }
    readable.push(f);
  }
  // The first match is read first, then the others, then the rest of the including file.
  for (const f of readable.reverse()) reader.pushFile(f.file, f.text, depth + 1);
}
