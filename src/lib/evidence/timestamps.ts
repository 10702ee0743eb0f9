/**
 * The time stamps keepalived's lines arrive with (docs/keepalived-outputs.md §1e), each read to
 * µs since the Unix epoch plus its resolution:
 *
 * - RFC 3164 syslog and `journalctl` short / short-precise: `Jun 23 13:41:16[.123456] host prog[pid]: `
 *   (no year: the caller supplies one, and a December → January step adds one);
 * - RFC 5424: `<30>1 2026-11-25T18:13:26.123456+00:00 host prog pid - - `;
 * - `journalctl -o short-iso[-precise]`: `2026-11-25T18:13:26[.123456]+0000 host prog[pid]: `;
 * - keepalived `--log-console`: `Wed Nov 25 18:13:26 2026: ` and `--log-file`:
 *   `Wed Nov 25 18:13:26.123456789 2026: ` (lib/logger.c);
 * - tcpdump `-tttt` `2026-11-25 18:13:26.123456` and default `18:13:26.123456` (no date).
 *
 * Wall-clock stamps without a zone are read as UTC: the offset to the capture clock is measured
 * later (align.ts), so a zone only shifts that offset.
 */
import { US_PER_S } from '../trace/time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The months as stamps spell them: read without recasing, as nearly every stamp is. */
const MONTH_OF = new Map(MONTHS.map((m, i) => [m, i]));

export function monthIndex(name: string): number {
  return (
    MONTH_OF.get(name) ?? MONTHS.indexOf(name.slice(0, 1).toUpperCase() + name.slice(1, 3).toLowerCase())
  );
}

/** µs since the epoch of a UTC calendar time; NaN when a field is out of range. */
export function utcMicros(
  y: number,
  mon: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fracUs: number,
): number {
  if (mon < 0 || mon > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  return Date.UTC(y, mon, d, h, mi, s) * 1000 + fracUs;
}

/** `.123456789` → { us: 123456 (truncated), resolutionUs } for 0–9 digits. */
export function fraction(digits: string | undefined): { us: number; resolutionUs: number } {
  if (!digits) return { us: 0, resolutionUs: US_PER_S };
  const d = digits.slice(0, 9);
  const us = Math.floor(Number((d + '000000').slice(0, 6)));
  const resolutionUs = d.length >= 6 ? 1 : 10 ** (6 - d.length);
  return { us, resolutionUs };
}

/** A zone suffix (`Z`, `+0000`, `+01:00`) in µs to subtract; 0 when absent. */
export function zoneOffsetUs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m) return 0;
  const mins = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * mins * 60 * US_PER_S;
}

export interface Stamp {
  /** µs since the epoch; for year-less stamps, computed with the year given. */
  epochUs: number;
  resolutionUs: number;
  /** Chars of the line taken by the stamp (and its separator). */
  length: number;
  /** True when the stamp itself carries no year. */
  yearless: boolean;
  /** Month 0–11 of a year-less stamp (for the December → January roll-over). */
  month?: number;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)?/;
const BSD = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?/;
const CONSOLE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))? (\d{4}): /;

/** An ISO 8601 stamp at the start of `s` (RFC 5424, short-iso, tcpdump -tttt). */
export function isoStamp(s: string): Stamp | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const f = fraction(m[7]);
  const t = utcMicros(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], f.us);
  if (Number.isNaN(t)) return null;
  return {
    epochUs: t - zoneOffsetUs(m[8]),
    resolutionUs: f.resolutionUs,
    length: m[0].length,
    yearless: false,
  };
}

/** An RFC 3164 / journalctl short(-precise) stamp at the start of `s`, in `year`. */
export function bsdStamp(s: string, year: number): Stamp | null {
  const m = BSD.exec(s);
  if (!m) return null;
  const mon = monthIndex(m[1]);
  const f = fraction(m[6]);
  const t = utcMicros(year, mon, +m[2], +m[3], +m[4], +m[5], f.us);
  if (Number.isNaN(t)) return null;
  return { epochUs: t, resolutionUs: f.resolutionUs, length: m[0].length, yearless: true, month: mon };
}

/** The last console stamp read: a log's lines share their stamp many times a second. */
let lastConsole: { text: string; stamp: Stamp } | null = null;

/** keepalived's own `--log-console` / `--log-file` stamp, with its `: ` separator. */
export function consoleStamp(s: string): Stamp | null {
  // The pattern is anchored and unambiguous: a line that begins with a whole stamp matched before
  // matches that same text again.
  if (lastConsole && s.startsWith(lastConsole.text)) return { ...lastConsole.stamp };
  const m = CONSOLE.exec(s);
  if (!m) return null;
  const f = fraction(m[6]);
  const t = utcMicros(+m[7], monthIndex(m[1]), +m[2], +m[3], +m[4], +m[5], f.us);
  if (Number.isNaN(t)) return null;
  const stamp: Stamp = { epochUs: t, resolutionUs: f.resolutionUs, length: m[0].length, yearless: false };
  lastConsole = { text: m[0], stamp };
  return { ...stamp };
}

const digit = (b: number): number => (b >= 0x30 && b <= 0x39 ? b - 0x30 : NaN);
/** The two-digit number at `at` in the bytes (NaN unless both are digits). */
const twoDigits = (bytes: Uint8Array, at: number): number => digit(bytes[at]) * 10 + digit(bytes[at + 1]);

/**
 * keepalived's console stamps at the start of a log's byte lines, read without a string or a
 * pattern: its lines share their stamp many times a second and their day for hours, so a line whose
 * stamp bytes are the last stamp's has its time, and one that differs only in the digits of the
 * time of day has it from the day's start. Any other line (a new day, another form, a moving
 * fraction) is for consoleStamp, whose answer `learn` keeps.
 */
export class ConsoleStamps {
  /** The last stamp's text, with its separator, as bytes (all ASCII); empty before the first. */
  private text = new Uint8Array(0);
  /** Where its `HH:MM:SS` begins. */
  private clock = 0;
  /** µs since the epoch of the last stamp, and of its day's midnight plus its fraction. */
  private epochUs = NaN;
  private dayUs = NaN;
  resolutionUs = 0;

  /** Chars (= bytes) the stamp takes. */
  get length(): number {
    return this.text.length;
  }

  /** The time of the stamp that begins the line at `start`, or NaN when it is not one `learn` knows. */
  at(line: Uint8Array, start: number, end: number): number {
    const text = this.text;
    const n = text.length;
    if (n === 0 || end - start < n) return NaN;
    const c = this.clock;
    let same = true;
    for (let k = 0; k < n; k++) {
      const b = line[start + k];
      if (b === text[k]) continue;
      // Only the six digits of HH:MM:SS may differ, and only for digits.
      const inClock = k >= c && k < c + 8 && (k - c) % 3 !== 2;
      if (!inClock || Number.isNaN(digit(b))) return NaN;
      same = false;
    }
    if (same) return this.epochUs;
    const h = twoDigits(line, start + c);
    const mi = twoDigits(line, start + c + 3);
    const sec = twoDigits(line, start + c + 6);
    // What utcMicros refuses, consoleStamp must read (as no stamp).
    if (h > 23 || mi > 59 || sec > 60) return NaN;
    for (let k = c; k < c + 8; k++) text[k] = line[start + k];
    return (this.epochUs = this.dayUs + ((h * 60 + mi) * 60 + sec) * US_PER_S);
  }

  /** Keeps a stamp consoleStamp read from `line` (the line it begins). */
  learn(line: string, stamp: Stamp): void {
    const head = line.slice(0, stamp.length);
    // A stamp after a syslog priority (`<30>`) does not begin the line: nothing to keep.
    if (!CONSOLE.test(head)) return;
    const clock = /\d\d:\d\d:\d\d/.exec(head)!;
    const [h, mi, sec] = clock[0].split(':').map(Number);
    this.text = Uint8Array.from(head, (ch) => ch.charCodeAt(0));
    this.clock = clock.index;
    this.epochUs = stamp.epochUs;
    this.dayUs = stamp.epochUs - ((h * 60 + mi) * 60 + sec) * US_PER_S;
    this.resolutionUs = stamp.resolutionUs;
  }
}

/** The UTC year of an epoch in µs. */
export function yearOf(epochUs: number): number {
  return new Date(Math.floor(epochUs / 1000)).getUTCFullYear();
}
