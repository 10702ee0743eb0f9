/**
 * keepalived.conf for CodeMirror: highlighting by keepalived's lexical rules (§7.1: `#` and `!`
 * comments outside double quotes, braces as items of their own, the first word of a line is its
 * keyword), completion and hover help from the keyword table (lib/config/keyword-help), and folding
 * of `{ … }` blocks. Loaded with the editor, never with the app's first chunk.
 */
import { foldService, HighlightStyle, StreamLanguage, type StringStream } from '@codemirror/language';
import {
  snippetCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { hoverTooltip, type EditorView } from '@codemirror/view';
import type { EditorState } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { blockKeywords, blockKindAt, keywordHelp, type KeywordEntry } from '../../../lib/config/keyword-help';

interface LineState {
  /** True until the line's first word (or a brace) has been read. */
  atKeyword: boolean;
  /** The keyword of each open block, innermost last. */
  blocks: string[];
  /** The current statement's keyword, which names the block a `{` opens. */
  statement: string;
}

/** Blocks whose lines start with a keyword; others (addresses, scripts, peers) hold values. */
const KEYWORD_BLOCKS = new Set([
  'global_defs',
  'vrrp_script',
  'vrrp_instance',
  'vrrp_sync_group',
  'authentication',
]);

const ADDRESS = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?|^[0-9a-fA-F]*:[0-9a-fA-F:]+(?:\/\d{1,3})?/;

export const keepalivedLanguage = StreamLanguage.define<LineState>({
  name: 'keepalived',
  startState: () => ({ atKeyword: true, blocks: [], statement: '' }),
  copyState: (s) => ({ ...s, blocks: [...s.blocks] }),
  token(stream: StringStream, state: LineState) {
    if (stream.sol()) {
      state.atKeyword = true;
      state.statement = '';
    }
    if (stream.eatSpace()) return null;
    const c = stream.peek();
    if (c === '#' || c === '!') {
      stream.skipToEnd();
      return 'comment';
    }
    if (c === '{' || c === '}') {
      stream.next();
      if (c === '{') state.blocks.push(state.statement);
      else state.blocks.pop();
      state.atKeyword = true;
      state.statement = '';
      return 'brace';
    }
    if (c === '"') {
      stream.next();
      while (!stream.eol() && stream.next() !== '"');
      state.atKeyword = false;
      return 'string';
    }
    if (state.atKeyword && (c === '$' || c === '@')) {
      stream.match(/^[^\s{}#!"]+/);
      state.atKeyword = false;
      return 'meta';
    }
    const keyword = state.atKeyword;
    state.atKeyword = false;
    if (stream.match(ADDRESS)) return 'number';
    if (stream.match(/^-?\d+(?:\.\d+)?(?=[\s{}#!]|$)/)) return 'number';
    if (stream.match(/^\$\{?[A-Za-z_]\w*\}?/)) return 'variableName';
    if (!stream.match(/^(?:\\[#!]|[^\s{}#!"])+/)) stream.next();
    const word = stream.current();
    if (keyword) {
      state.statement = word;
      const inner = state.blocks[state.blocks.length - 1];
      if (inner === undefined || KEYWORD_BLOCKS.has(inner)) return 'keyword';
    }
    if (/^(MASTER|BACKUP|PASS|AH|reverse|noreverse|weight|dev|brd|scope|label)$/.test(word)) return 'atom';
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
});

// Each colour keeps a 4.5:1 contrast on the panel in both themes (axe checks the exercises).
export const keepalivedHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'light-dark(#6f42c1, #d2a8ff)', fontWeight: '600' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.string, color: 'light-dark(#116329, #7ee787)' },
  { tag: tags.number, color: 'light-dark(#953800, #ffa657)' },
  { tag: tags.atom, color: 'light-dark(#0550ae, #79c0ff)' },
  { tag: [tags.meta, tags.variableName], color: 'light-dark(#8a4600, #ffb86b)' },
  { tag: tags.brace, fontWeight: '700' },
]);

/**
 * The `}` that closes the `{` at `from`, skipping comments and quoted strings, or -1 when the block
 * runs to the end of the text (keepalived closes it there).
 */
export function matchingBrace(text: string, from: number): number {
  let depth = 0;
  let quote = false;
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      if (c === '"') quote = false;
      else if (c === '\n') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    else if ((c === '#' || c === '!') && text[k - 1] !== '\\') {
      const nl = text.indexOf('\n', k);
      if (nl < 0) return -1;
      k = nl;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k;
  }
  return -1;
}

/** The last `{` of a line that is outside comments and quotes, as an offset in the line, or -1. */
function openBraceOf(line: string): number {
  let quote = false;
  let open = -1;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quote) {
      if (c === '"') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    else if ((c === '#' || c === '!') && line[k - 1] !== '\\') break;
    else if (c === '{') open = k;
    else if (c === '}' && open >= 0) open = -1;
  }
  return open;
}

/** A block folds from the end of its opening line to just before its closing brace. */
export const keepalivedFolding = foldService.of((state: EditorState, lineStart: number, lineEnd: number) => {
  const line = state.doc.sliceString(lineStart, lineEnd);
  const open = openBraceOf(line);
  if (open < 0) return null;
  const text = state.doc.toString();
  const close = matchingBrace(text, lineStart + open);
  if (close < 0 || state.doc.lineAt(close).number === state.doc.lineAt(lineStart).number) return null;
  return { from: lineStart + open + 1, to: close };
});

/** The statement's keyword at `pos`: the first word of its line, when `pos` is on it. */
function keywordAt(state: EditorState, pos: number): { from: number; to: number; name: string } | null {
  const line = state.doc.lineAt(pos);
  const m = /^(\s*(?:[{}]\s*)*)([A-Za-z_][\w-]*)/.exec(line.text);
  if (!m) return null;
  const from = line.from + m[1].length;
  const to = from + m[2].length;
  return pos >= from && pos <= to ? { from, to, name: m[2] } : null;
}

function helpText(k: KeywordEntry): string {
  const dflt = k.default ? `Default: ${k.default}. ` : '';
  return `${k.summary} ${dflt}docs/vrrp-behaviour.md ${k.section}`;
}

/** Completes the keyword being typed at a line's start with the keywords of the enclosing block. */
export function keepalivedCompletion(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_][\w-]*/);
  const line = context.state.doc.lineAt(context.pos);
  const before = context.state.doc.sliceString(line.from, word ? word.from : context.pos);
  if (!/^\s*(?:[{}]\s*)*$/.test(before)) return null;
  if (!word && !context.explicit) return null;
  const kind = blockKindAt(context.state.doc.toString(), line.from);
  const options = blockKeywords(kind).map((k) => {
    const c: Completion = {
      label: k.name,
      type: k.block ? 'class' : 'keyword',
      detail: k.default ? `default ${k.default}` : k.modelled ? undefined : 'not modelled',
      info: helpText(k),
      boost: k.modelled ? 1 : 0,
    };
    // A block keyword comes with its braces, the cursor inside.
    return k.block ? snippetCompletion(`${k.name} {\n\t\${}\n}`, c) : c;
  });
  return options.length ? { from: word ? word.from : context.pos, options, validFor: /^[\w-]*$/ } : null;
}

/** Hover help over a keyword: its meaning, default and § of the behaviour spec. */
export const keepalivedHover = hoverTooltip((view: EditorView, pos: number) => {
  const at = keywordAt(view.state, pos);
  if (!at) return null;
  const help = keywordHelp(blockKindAt(view.state.doc.toString(), at.from), at.name);
  return {
    pos: at.from,
    end: at.to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'cm-keyword-help';
      dom.setAttribute('role', 'tooltip');
      const title = document.createElement('strong');
      title.textContent = at.name;
      const body = document.createElement('p');
      body.textContent = help ? helpText(help) : 'Not a keyword of this block: keepalived skips the line.';
      dom.append(title, body);
      return { dom };
    },
  };
});
