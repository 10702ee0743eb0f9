/**
 * keepalived.conf lexer, following keepalived 2.2.7's reader (docs/vrrp-behaviour.md §7.1,
 * `lib/parser.c:read_line()`, `decomment()`, `alloc_strvec_r()`):
 * - the file is read line by line; lines over 1023 characters are ignored;
 * - `#` and `!` start a comment anywhere outside double quotes; `\#` and `\!` stand for the characters;
 * - tokens are split on whitespace; a double-quoted string is one token, quotes removed;
 * - `{` and `}` need no whitespace around them: each brace is an item of its own;
 * - `include FILE` lines are replaced by the files a caller-supplied resolver returns;
 * - `@id` / `@^id` conditional lines are kept only when the config id matches (or does not);
 * - `$NAME=value` lines define parameters that `$NAME` / `${NAME}` in later lines stand for.
 */
import type { Diagnostic, TextPosition } from '../trace/diagnostic';
import type { IncludedFile, IncludeResolver } from './model';
import { expandBraces } from './include';
import { MAX_SEQ_VALUES, readSeq } from './seq';

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

/** keepalived's MAXBUF is 1024 bytes including the NUL: 1023 usable characters per line. */
export const MAX_LINE_CHARS = 1023;
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

/** Lexes one physical line (without its newline) into items. */
function lexLine(raw: string, lineNo: number, file: string | undefined, diags: Diagnostic[]): LexItem[] {
  const items: LexItem[] = [];
  let words: Token[] = [];
  let text = '';
  let start = -1;
  let quoted = false;
  let inQuote = false;
  let quoteStart = 0;
  const flushToken = (end: number) => {
    if (start >= 0) words.push({ text, quoted, at: pos(file, lineNo, start + 1, end + 1) });
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
    if (c === '#' || c === '!') break;
    if (c === '\\' && (raw[i + 1] === '#' || raw[i + 1] === '!')) {
      if (start < 0) start = i;
      text += raw[++i];
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
      items.push({
        kind: c === '{' ? 'open' : 'close',
        token: { text: c, quoted: false, at: pos(file, lineNo, i + 1, i + 2) },
      });
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
      message: `Unmatched quote: '${raw.trim()}'`,
      at: pos(file, lineNo, quoteStart + 1, raw.length + 1),
      hint: 'The string runs to the end of the line.',
    });
  }
  flushToken(i);
  flushWords();
  return items;
}

/** Keeps or drops a `@id` / `@^id` line (§7.1); returns the line without its prefix, or null to drop it. */
function conditional(line: string, configId: string | undefined): string | null {
  const m = /^(\s*)@(\^?)(\S*)/.exec(line);
  if (!m) return line;
  const negate = m[2] === '^';
  const matches = configId !== undefined && m[3] === configId;
  if (negate === matches) return null;
  return ' '.repeat(m[0].length) + line.slice(m[0].length);
}

/**
 * Lexes a whole config text, expanding includes. Never throws: problems become diagnostics with a
 * position, and the rest of the text is still read.
 */
export function lexConfig(text: string, opts: LexOptions = {}, diags: Diagnostic[] = []): LexItem[] {
  const out: LexItem[] = [];
  lexInto(text, opts.file, 0, { opts, out, diags, params: new Map(), seqLines: 0 });
  return out;
}

/** What every level of include expansion shares. */
interface LexRun {
  opts: LexOptions;
  out: LexItem[];
  diags: Diagnostic[];
  /** `$NAME=value` definitions seen so far (they reach into included files). */
  params: Map<string, string>;
  /** Lines `~SEQ` loops have produced so far (bounded, so that nested loops cannot hang a run). */
  seqLines: number;
}

function clampTo(at: TextPosition, length: number): void {
  at.col = Math.min(at.col, Math.max(1, length));
  at.endCol = Math.max(at.col + 1, Math.min(at.endCol, length + 1));
}

/**
 * Replaces `${NAME}` and `$NAME` by defined parameters; others stay as written. As find_definition(),
 * a bare `$NAME` counts only before a blank, `,`, `)` or the end of the line (comments are gone by
 * then): `10.0.$i.1` keeps its `$i`, `10.0.${i}.1` does not.
 */
function replaceParams(line: string, params: Map<string, string>): string {
  return line.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)(?=[ \t,)#!]|$)/g,
    (all, braced, bare) => params.get(braced ?? bare) ?? all,
  );
}

function lexInto(text: string, file: string | undefined, depth: number, run: LexRun): void {
  const { diags } = run;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const raw = lines[n].replace(/\r$/, '');
    if (raw.length > MAX_LINE_CHARS) {
      diags.push({
        code: 'config.line-too-long',
        severity: 'warning',
        message: `line too long - ignoring`,
        at: pos(file, lineNo, 1, MAX_LINE_CHARS + 1),
        hint: `keepalived reads at most ${MAX_LINE_CHARS} characters per line.`,
      });
      continue;
    }
    lexLogicalLine(raw, lineNo, raw.length, file, depth, run);
  }
}

/** Text up to its first `#` or `!` outside double quotes (not escaped), without blanks around it. */
function decomment(line: string): string {
  let quote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '"') quote = !quote;
    else if (!quote && (c === '#' || c === '!')) return line.slice(0, i).trim();
  }
  return line.trim();
}

/**
 * One line as keepalived's read_line() hands it on: a line of the file, or the text of a `~SEQ`
 * loop once per value (which goes through the same steps: `@id`, definitions, loops, parameters).
 * `written` is the length of the line in the file: positions stay within it.
 */
function lexLogicalLine(
  raw: string,
  lineNo: number,
  written: number,
  file: string | undefined,
  depth: number,
  run: LexRun,
): void {
  const { opts, out, diags } = run;
  const kept = conditional(raw, opts.configId);
  if (kept === null) {
    diags.push({
      code: 'config.conditional-line',
      severity: 'info',
      message: `Line skipped: its '@' config id does not match${opts.configId ? ` '${opts.configId}'` : ' (no config id given)'}`,
      at: pos(file, lineNo, raw.search(/\S/) + 1, written + 1),
    });
    return;
  }
  raw = kept;
  // `$NAME=value` defines a parameter; `$NAME` and `${NAME}` elsewhere are replaced by it
  // (lib/parser.c check_definition(), replace_param()), so one file can serve every node.
  const def = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)=[ \t]*(.*)$/.exec(raw);
  if (def) {
    if (def[2].endsWith('\\'))
      diags.push({
        code: 'config.preprocessor-unsupported',
        severity: 'warning',
        message: `multi-line definition of $${def[1]} not supported by vrrpscope - using its first line`,
        at: pos(file, lineNo, 1, written + 1),
      });
    run.params.set(def[1], def[2].replace(/\\$/, '').trimEnd());
    return;
  }
  const trimmed = raw.trimStart();
  // A loop is read before its line's parameters are replaced: its text is replaced once per value.
  if (trimmed.startsWith('~SEQ')) {
    sequence(decomment(trimmed), lineNo, written, raw.length - trimmed.length + 1, file, depth, run);
    return;
  }
  if (raw.includes('$')) raw = replaceParams(raw, run.params);
  if (trimmed.startsWith('~LST')) {
    diags.push({
      code: 'config.preprocessor-unsupported',
      severity: 'warning',
      message: `keepalived preprocessor line not supported by vrrpscope - ignoring`,
      at: pos(file, lineNo, written - trimmed.length + 1, written + 1),
      hint: 'Expand ~LST loops by hand.',
    });
    return;
  }
  const inc = includeTokens(raw, lineNo, file);
  if (inc) {
    // As below: a parameter's value is not in the file, so positions stay within the line as written.
    if (raw.length !== written) for (const t of inc) clampTo(t.at, written);
    include(inc, file, depth, run);
    return;
  }
  const before = diags.length;
  const items = lexLine(raw, lineNo, file, diags);
  // A parameter's value (or a loop's text) is not in the file as read: positions stay within the line as written.
  if (raw.length !== written) {
    for (const it of items)
      for (const t of it.kind === 'words' ? it.tokens : [it.token]) clampTo(t.at, written);
    for (const d of diags.slice(before)) if (d.at && 'col' in d.at) clampTo(d.at, written);
  }
  out.push(...items);
}

/** A `~SEQ` line: its text read once per value with the variable defined, or keepalived's messages. */
function sequence(
  line: string,
  lineNo: number,
  written: number,
  col: number,
  file: string | undefined,
  depth: number,
  run: LexRun,
): void {
  const at = pos(file, lineNo, col, written + 1);
  const r = readSeq(line, (s) => replaceParams(s, run.params));
  if ('error' in r) {
    for (const message of [r.error, `Invalid ~SEQ specification '${line}'`])
      if (message)
        run.diags.push({
          code: 'config.seq-invalid',
          severity: 'warning',
          message,
          at,
          hint: '~SEQ(VAR, END), ~SEQ(VAR, START, END) or ~SEQ(VAR, START, STEP, END), then the text to repeat.',
        });
    return;
  }
  const { variable, values, text } = r.loop;
  if (values.length > MAX_SEQ_VALUES)
    run.diags.push({
      code: 'config.seq-too-long',
      severity: 'warning',
      message: `~SEQ loop of more than ${MAX_SEQ_VALUES} values - vrrpscope reads only the first ${MAX_SEQ_VALUES}`,
      at,
    });
  run.seqLines += Math.min(values.length, MAX_SEQ_VALUES);
  if (run.seqLines > MAX_SEQ_VALUES) return;
  for (const v of values.slice(0, MAX_SEQ_VALUES)) {
    run.params.set(variable, v);
    lexLogicalLine(text, lineNo, written, file, depth, run);
  }
}

/**
 * An `include` line keeps its braces: keepalived checks for includes before splitting a line at
 * braces, so `include /etc/k/{a,b}.conf` is one brace-expanded pattern. Returns null for other lines.
 */
function includeTokens(raw: string, lineNo: number, file: string | undefined): Token[] | null {
  const m = /^(\s*)(include[rmwba]?)(?=\s|$)/.exec(raw);
  if (!m || !INCLUDE_KEYWORDS.has(m[2])) return null;
  const tokens: Token[] = [
    { text: m[2], quoted: false, at: pos(file, lineNo, m[1].length + 1, m[0].length + 1) },
  ];
  const word = /"([^"]*)"?|([^\s#!]+)/g;
  word.lastIndex = m[0].length;
  for (let w = word.exec(raw); w; w = word.exec(raw)) {
    const before = raw.slice(m[0].length, w.index);
    if (/[#!]/.test(before)) break;
    tokens.push({
      text: w[1] ?? w[2],
      quoted: w[1] !== undefined,
      at: pos(file, lineNo, w.index + 1, w.index + w[0].length + 1),
    });
  }
  return tokens;
}

function include(tokens: Token[], file: string | undefined, depth: number, run: LexRun): void {
  const { opts, diags } = run;
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
    lexInto(f.text, f.file, depth + 1, run);
  }
}
