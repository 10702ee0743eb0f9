/**
 * JSON.parse with positions: a small recursive-descent reader that also records where each key and
 * value sits (1-based line/col), so scenario errors can point at the text.
 */
import type { TextPosition } from '../trace/diagnostic';

export interface JsonWithPositions {
  value: unknown;
  /** Path (`events/3/action`) → the key's span; for array items and the root, the value's span. */
  keys: Map<string, TextPosition>;
  /** Path → the value's span. */
  values: Map<string, TextPosition>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: TextPosition,
  ) {
    super(message);
  }
}

/**
 * The deepest nesting read. A scenario needs about six levels; the reader recurses once per level,
 * so a hostile 10,000-level file would otherwise exhaust the stack instead of getting a diagnostic.
 */
export const MAX_JSON_DEPTH = 256;

export function parseJsonWithPositions(text: string): JsonWithPositions {
  let i = 0;
  let depth = 0;
  const keys = new Map<string, TextPosition>();
  const values = new Map<string, TextPosition>();
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const pos = (offset: number): { line: number; col: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo] + 1 };
  };
  const span = (from: number, to: number): TextPosition => {
    const a = pos(from);
    const b = pos(to);
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  };
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, span(i, Math.min(i + 1, text.length)));
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      i = start;
      fail('unterminated string');
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): unknown => {
    ws();
    const start = i;
    let v: unknown;
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH)
      fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    depth++;
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') i++;
      else
        for (;;) {
          ws();
          if (text[i] !== '"') fail('expected a "key"');
          const ks = i;
          const key = str();
          const child = path ? `${path}/${key}` : key;
          keys.set(child, span(ks, i));
          ws();
          if (text[i] !== ':') fail("expected ':'");
          i++;
          obj[key] = value(child);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail("expected ',' or '}'");
        }
      v = obj;
    } else if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') i++;
      else
        for (;;) {
          arr.push(value(path ? `${path}/${arr.length}` : String(arr.length)));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail("expected ',' or ']'");
        }
      v = arr;
    } else if (c === '"') v = str();
    else {
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) fail('unexpected character');
      i += m![0].length;
      v = JSON.parse(m![0]);
    }
    depth--;
    values.set(path, span(start, i));
    if (!keys.has(path)) keys.set(path, span(start, i));
    return v;
  };
  const root = value('');
  ws();
  if (i < text.length) fail('unexpected text after the JSON value');
  return { value: root, keys, values };
}
