/**
 * One log line → its stamp, host, process and message, for every form keepalived's lines arrive
 * in (see timestamps.ts): syslog RFC 3164 and 5424, journalctl short / short-precise / short-iso /
 * json, keepalived's --log-console and --log-file. Lines of other programs keep their text.
 */
import { bsdStamp, consoleStamp, isoStamp, type Stamp } from './timestamps';

export type LogForm = 'console' | 'rfc3164' | 'rfc5424' | 'iso' | 'journal-json' | 'bare';

/** Which keepalived process wrote the line (the parent and the VRRP child log separately). */
export type LogProcess = 'vrrp' | 'parent' | 'checker' | 'other';

export interface ParsedLine {
  form: LogForm;
  stamp: Stamp | null;
  host?: string;
  program?: string;
  process?: LogProcess;
  pid?: number;
  message: string;
}

const TAG = /^([^\s[\]:]+)(?:\[(\d+)\])?: ?/;

export function processOf(program: string | undefined): LogProcess | undefined {
  if (program === undefined) return undefined;
  const p = program.toLowerCase();
  if (p === 'keepalived_vrrp') return 'vrrp';
  if (p === 'keepalived_healthcheckers' || p === 'keepalived_checker' || p === 'keepalived_bfd')
    return 'checker';
  if (p === 'keepalived') return 'parent';
  return 'other';
}

/** ` host prog[pid]: message` after a syslog stamp. */
function hostAndTag(rest: string, form: LogForm, stamp: Stamp): ParsedLine {
  const m = /^\s+(\S+)\s+(.*)$/.exec(rest);
  if (!m) return { form, stamp, message: rest.trim() };
  const host = m[1];
  const tag = TAG.exec(m[2]);
  if (!tag) return { form, stamp, host, message: m[2] };
  return {
    form,
    stamp,
    host,
    program: tag[1],
    process: processOf(tag[1]),
    pid: tag[2] ? Number(tag[2]) : undefined,
    message: m[2].slice(tag[0].length),
  };
}

/** `journalctl -o json`: one object a line. */
function journalJson(line: string): ParsedLine | null {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  let message = r.MESSAGE;
  // journald stores non-UTF-8 messages as byte arrays.
  if (Array.isArray(message))
    message = String.fromCharCode(...message.filter((b) => typeof b === 'number' && b >= 0 && b < 256));
  if (typeof message !== 'string') return null;
  const ts = Number(r.__REALTIME_TIMESTAMP);
  const stamp: Stamp | null =
    Number.isFinite(ts) && ts > 0 ? { epochUs: ts, resolutionUs: 1, length: 0, yearless: false } : null;
  const program = typeof r.SYSLOG_IDENTIFIER === 'string' ? r.SYSLOG_IDENTIFIER : undefined;
  const pid = Number(r._PID ?? r.SYSLOG_PID);
  return {
    form: 'journal-json',
    stamp,
    host: typeof r._HOSTNAME === 'string' ? r._HOSTNAME : undefined,
    program,
    process: processOf(program),
    pid: Number.isFinite(pid) && pid > 0 ? pid : undefined,
    message,
  };
}

/** Reads one line's prefix. `year` dates year-less syslog stamps. */
export function parseLogLine(line: string, year: number): ParsedLine {
  let s = line;
  if (s.startsWith('{')) {
    const j = journalJson(s);
    if (j) return j;
  }
  const pri = /^<(\d{1,3})>/.exec(s);
  if (pri) {
    s = s.slice(pri[0].length);
    if (/^1 /.test(s)) {
      // RFC 5424: VERSION SP TIMESTAMP SP HOST SP APP SP PROCID SP MSGID SP SD [SP MSG]
      const stamp = isoStamp(s.slice(2));
      const rest = stamp ? s.slice(2 + stamp.length) : s.slice(2).replace(/^-/, '');
      const m = /^\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(-|(?:\[[^\]]*\])+)\s?(.*)$/.exec(rest);
      if (m) {
        const program = m[2] === '-' ? undefined : m[2];
        const pid = Number(m[3]);
        return {
          form: 'rfc5424',
          stamp,
          host: m[1] === '-' ? undefined : m[1],
          program,
          process: processOf(program),
          pid: Number.isFinite(pid) && pid > 0 ? pid : undefined,
          message: m[6].replace(/^\uFEFF/, ''),
        };
      }
    }
  }
  const console = consoleStamp(s);
  if (console) return { form: 'console', stamp: console, message: s.slice(console.length) };
  const iso = isoStamp(s);
  if (iso) return hostAndTag(s.slice(iso.length), 'iso', iso);
  const bsd = bsdStamp(s, year);
  if (bsd) return hostAndTag(s.slice(bsd.length), 'rfc3164', bsd);
  const tag = TAG.exec(s);
  if (tag && processOf(tag[1]) !== 'other')
    return {
      form: 'bare',
      stamp: null,
      program: tag[1],
      process: processOf(tag[1]),
      pid: tag[2] ? Number(tag[2]) : undefined,
      message: s.slice(tag[0].length),
    };
  return { form: 'bare', stamp: null, message: s };
}
