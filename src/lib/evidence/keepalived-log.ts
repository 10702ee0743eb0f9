/**
 * keepalived logs in both dialects (1.x `VRRP_Instance(X) …`, 2.x `(X) …`), from both processes
 * (Keepalived and Keepalived_vrrp), in every stamp form (log-line.ts). One file may hold several
 * hosts' lines: each entry keeps its host, and investigate splits them into lanes by host.
 */
import type { Diagnostic } from '../trace/diagnostic';
import { US_PER_S } from '../trace/time';
import { factOf, instancePrefix, mayBeFact } from './log-facts';
import { parseLogLine, type LogForm, type ParsedLine } from './log-line';
import { ConsoleStamps } from './timestamps';
import { eachLineSpan, lineText, spanText, type TextLine } from './text';
import { LogLines } from './log-lines';
import type { LogRead } from './types';

export interface LogReadOptions {
  file?: string;
  /** The year of year-less syslog stamps (default 1970, flagged by `yearless`). */
  year?: number;
}

export const linePosition = (file: string | undefined, l: TextLine) => ({
  file,
  line: l.line,
  col: 1,
  endLine: l.line,
  endCol: l.text.length + 1,
  byteOffset: l.offset,
});

/** Lines with a stamp in one of the log forms, out of the first few (used to recognise a log). */
export function stampedShare(lines: string[]): number {
  if (lines.length === 0) return 0;
  let n = 0;
  for (const l of lines) if (parseLogLine(l, 1970).stamp) n++;
  return n / lines.length;
}

/** Lines of the bytes at most (the columns' size): one per newline, and a last one without. */
function lineCount(bytes: Uint8Array): number {
  let n = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

export function readLog(bytes: Uint8Array, opts: LogReadOptions = {}): LogRead {
  const diagnostics: Diagnostic[] = [];
  const lines = new LogLines(bytes, lineCount(bytes));
  const dialects = new Set<'1.x' | '2.x'>();
  const forms = new Map<LogForm, number>();
  let yearless = false;
  let textLines = 0;
  let unstamped = 0;
  let firstUnstamped: TextLine | null = null;
  // Year-less stamps roll into the next year when the month steps back (December → January).
  const baseYear = opts.year ?? 1970;
  const yearOffset = new Map<string, { month: number; add: number }>();
  // Counted per form here, not in the Map per line: a log is nearly always one form throughout.
  let lastForm: LogForm | null = null;
  let lastFormCount = 0;
  // keepalived's console lines share their stamp many times a second: read from the bytes
  // (ConsoleStamps), such a line needs no pattern and no string but its message.
  const stamps = new ConsoleStamps();
  const countForm = (form: LogForm) => {
    if (form !== lastForm) {
      if (lastForm !== null) forms.set(lastForm, (forms.get(lastForm) ?? 0) + lastFormCount);
      lastForm = form;
      lastFormCount = 0;
    }
    lastFormCount++;
  };
  // An unstamped line (epochUs null) keeps a resolution of a second. `message` null: the message
  // in bytes [from, end) is no fact, and is decoded only if read.
  const push = (
    line: number,
    offset: number,
    epochUs: number | null,
    resolutionUs: number,
    message: string | null,
    from: number,
    end: number,
    p?: ParsedLine,
  ) => {
    const fact = message === null || p?.process === 'other' ? null : factOf(message);
    if (fact) {
      const d = instancePrefix(message!).dialect;
      if (d) dialects.add(d);
    } else textLines++;
    lines.push(line, offset, epochUs, resolutionUs, fact, message, from, end, p?.host, p?.process);
  };
  eachLineSpan(bytes, (start, end, line) => {
    const epochUs = stamps.at(bytes, start, end);
    if (!Number.isNaN(epochUs)) {
      countForm('console');
      const from = start + stamps.length;
      push(
        line,
        start,
        epochUs,
        stamps.resolutionUs,
        mayBeFact(bytes, from, end) ? spanText(bytes, from, end) : null,
        from,
        end,
      );
      return;
    }
    const text = lineText(bytes, start, end);
    if (text.trim().length === 0) return;
    let p = parseLogLine(text, baseYear);
    if (p.form === 'console' && p.stamp) stamps.learn(text, p.stamp);
    if (p.stamp?.yearless && p.stamp.month !== undefined) {
      yearless = true;
      const key = p.host ?? '';
      const prev = yearOffset.get(key) ?? { month: p.stamp.month, add: 0 };
      if (p.stamp.month < prev.month - 6) prev.add++;
      prev.month = p.stamp.month;
      yearOffset.set(key, prev);
      if (prev.add > 0) p = parseLogLine(text, baseYear + prev.add);
    }
    countForm(p.form);
    if (!p.stamp) {
      unstamped++;
      firstUnstamped ??= { line, offset: start, text };
    }
    const stamp = p.stamp;
    push(
      line,
      start,
      stamp ? stamp.epochUs : null,
      stamp ? stamp.resolutionUs : US_PER_S,
      p.message,
      0,
      0,
      p,
    );
  });
  if (lastForm !== null) forms.set(lastForm, (forms.get(lastForm) ?? 0) + lastFormCount);
  let form: LogForm = 'bare';
  let best = 0;
  for (const [f, n] of forms)
    if (n > best && f !== 'bare') {
      best = n;
      form = f;
    }
  if (unstamped > 0 && firstUnstamped)
    diagnostics.push({
      code: 'evidence.log-no-timestamp',
      severity: unstamped === lines.length ? 'warning' : 'info',
      message:
        unstamped === lines.length
          ? 'No line carries a time stamp: the lines keep their order but cannot be placed on the timeline'
          : `${unstamped} line(s) carry no time stamp (kept as text, placed after the line before)`,
      at: linePosition(opts.file, firstUnstamped),
      count: unstamped,
    });
  if (yearless && opts.year === undefined)
    diagnostics.push({
      code: 'evidence.log-no-year',
      severity: 'info',
      message: 'Syslog stamps carry no year: it is taken from the other evidence, or give --year',
    });
  // A stamp that steps back more than a minute (a pasted excerpt out of order, a reset clock).
  let last = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const t = lines.epochUs[i];
    if (Number.isNaN(t)) continue;
    if (t < last - 60 * US_PER_S) {
      diagnostics.push({
        code: 'evidence.log-time-backwards',
        severity: 'warning',
        message: 'The time stamps step back here by more than a minute',
        at: linePosition(opts.file, { line: lines.line[i], offset: lines.offset[i], text: '' }),
      });
      break;
    }
    last = Math.max(last, t);
  }
  const kind =
    form === 'journal-json' ? 'journal' : form === 'console' || form === 'bare' ? 'keepalived-log' : 'syslog';
  // The hosts the lines name (a line's empty host names none).
  const hosts = lines.hostNames.filter((h) => h !== '');
  return { kind, form, lines, hosts, dialects: [...dialects].sort(), yearless, textLines, diagnostics };
}
