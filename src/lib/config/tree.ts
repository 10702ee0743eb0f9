/**
 * Groups lexed items into statements with optional `{ … }` blocks, with keepalived's brace recovery
 * (docs/vrrp-behaviour.md §7.1): a stray `{` is ignored, an extra `}` is reported and skipped, and
 * blocks still open at the end of the text are closed there.
 */
import type { Diagnostic, TextPosition } from '../trace/diagnostic';
import type { LexItem, Token } from './lexer';

/** One keyword line, its values, and its block if a `{` followed it. */
export interface Stmt {
  keyword: Token;
  args: Token[];
  /** Present when the statement opened a block. */
  block?: Stmt[];
  open?: Token;
  /** The closing brace; absent when the block ran to the end of the text. */
  close?: Token;
}

/** The span from a statement's keyword to the end of its last value or closing brace. */
export function stmtSpan(s: Stmt): TextPosition {
  const last =
    s.close ?? (s.block && s.block.length ? undefined : s.open) ?? s.args[s.args.length - 1] ?? s.keyword;
  if (!s.close && s.block && s.block.length) {
    const inner = stmtSpan(s.block[s.block.length - 1]);
    return { ...s.keyword.at, endLine: inner.endLine, endCol: inner.endCol };
  }
  return { ...s.keyword.at, endLine: last.at.endLine, endCol: last.at.endCol };
}

/** The span of a statement's keyword and values (its first line). */
export function lineSpan(s: Stmt): TextPosition {
  const last = s.args[s.args.length - 1] ?? s.keyword;
  if (last.at.line !== s.keyword.at.line || last.at.file !== s.keyword.at.file) return s.keyword.at;
  return { ...s.keyword.at, endCol: last.at.endCol };
}

export function buildTree(items: LexItem[], diags: Diagnostic[]): Stmt[] {
  const root: Stmt[] = [];
  const stack: { list: Stmt[]; owner?: Stmt }[] = [{ list: root }];
  let previous: LexItem | undefined;
  for (const item of items) {
    const top = stack[stack.length - 1];
    if (item.kind === 'words') {
      top.list.push({ keyword: item.tokens[0], args: item.tokens.slice(1) });
    } else if (item.kind === 'open') {
      const last = top.list[top.list.length - 1];
      if (last && !last.block && previous?.kind === 'words') {
        last.block = [];
        last.open = item.token;
        stack.push({ list: last.block, owner: last });
      } else {
        diags.push({
          code: 'config.unexpected-open-brace',
          severity: 'warning',
          message: `Unexpected '{' - ignoring`,
          at: item.token.at,
        });
      }
    } else if (stack.length > 1) {
      stack.pop()!.owner!.close = item.token;
    } else {
      diags.push({
        code: 'config.extra-close-brace',
        severity: 'warning',
        message: `Extra '}' found`,
        at: item.token.at,
        hint: "keepalived also logs Unknown keyword '}' and carries on.",
      });
    }
    previous = item;
  }
  if (stack.length > 1) {
    const missing = stack.length - 1;
    diags.push({
      code: 'config.missing-close-brace',
      severity: 'warning',
      message: `There are ${missing} missing '}'s or extra '{'s`,
      at: stack[1].owner!.open!.at,
      hint: 'keepalived closes the open blocks at the end of the file.',
    });
  }
  return root;
}
