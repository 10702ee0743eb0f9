/**
 * notify_fifo lines (keepalived/vrrp/vrrp_notify.c): `INSTANCE "VI_1" MASTER 150`,
 * `GROUP "VG1" BACKUP 0`. keepalived writes no time: whatever read the FIFO may have added one
 * (an epoch `1796591382.024385`, a syslog or ISO stamp), and may have added the node's name before
 * the line. The output of notify scripts in the same file is kept as text.
 */
import type { Diagnostic } from '../trace/diagnostic';
import { US_PER_S } from '../trace/time';
import { linePosition } from './keepalived-log';
import { parseLogLine } from './log-line';
import { splitLines } from './text';

export type NotifyState = 'MASTER' | 'BACKUP' | 'FAULT' | 'STOP' | 'DELETED' | 'MASTER_RX_LOWER_PRI';

export interface NotifyEntry {
  line: number;
  offset: number;
  epochUs: number | null;
  resolutionUs: number;
  /** The word before INSTANCE/GROUP, when the reader wrote the node's name there. */
  node?: string;
  host?: string;
  scope: 'INSTANCE' | 'GROUP';
  name: string;
  state: NotifyState;
  priority: number;
}

export interface NotifyRead {
  entries: NotifyEntry[];
  /** Lines that are no notify line (notify script output, other text). */
  otherLines: { line: number; offset: number; text: string }[];
  diagnostics: Diagnostic[];
}

export const NOTIFY_LINE =
  /(?:^|\s)(?:(\S+)\s+)?(INSTANCE|GROUP)\s+"?([^"\s]+)"?\s+(MASTER_RX_LOWER_PRI|MASTER|BACKUP|FAULT|STOP|DELETED)\s+(\d{1,3})\s*$/;

/** An epoch-seconds stamp (`1796591382.024385 …`) as a FIFO reader writes it. */
const EPOCH = /^(\d{9,11})(?:\.(\d{1,9}))?\s+/;

export function readNotify(bytes: Uint8Array, opts: { file?: string; year?: number } = {}): NotifyRead {
  const entries: NotifyEntry[] = [];
  const otherLines: NotifyRead['otherLines'] = [];
  const diagnostics: Diagnostic[] = [];
  for (const l of splitLines(bytes)) {
    if (l.text.trim() === '') continue;
    const m = NOTIFY_LINE.exec(l.text);
    if (!m) {
      otherLines.push({ line: l.line, offset: l.offset, text: l.text });
      continue;
    }
    let epochUs: number | null = null;
    let resolutionUs = US_PER_S;
    let host: string | undefined;
    const e = EPOCH.exec(l.text);
    if (e) {
      const frac = (e[2] ?? '').slice(0, 6);
      epochUs = Number(e[1]) * US_PER_S + Number(frac.padEnd(6, '0'));
      resolutionUs = frac.length >= 6 ? 1 : 10 ** (6 - frac.length);
    } else {
      const p = parseLogLine(l.text, opts.year ?? 1970);
      if (p.stamp) {
        epochUs = p.stamp.epochUs;
        resolutionUs = p.stamp.resolutionUs;
        host = p.host;
      }
    }
    const before = m[1];
    const node =
      before && !/^(state|notify|fifo|logger)$/i.test(before) && !before.endsWith(':') ? before : undefined;
    entries.push({
      line: l.line,
      offset: l.offset,
      epochUs,
      resolutionUs,
      node,
      host,
      scope: m[2] as 'INSTANCE' | 'GROUP',
      name: m[3],
      state: m[4] as NotifyState,
      priority: Number(m[5]),
    });
  }
  const unstamped = entries.filter((x) => x.epochUs === null);
  if (unstamped.length > 0)
    diagnostics.push({
      code: 'evidence.notify-no-timestamp',
      severity: 'warning',
      message: `${unstamped.length} notify line(s) carry no time (keepalived writes none; the FIFO reader must add it): their order is kept, their time is not known`,
      at: linePosition(opts.file, { line: unstamped[0].line, offset: unstamped[0].offset, text: '' }),
      count: unstamped.length,
    });
  if (otherLines.length > 0 && entries.length > 0)
    diagnostics.push({
      code: 'evidence.notify-other-lines',
      severity: 'info',
      message: `${otherLines.length} line(s) are no notify line (kept as text)`,
      at: linePosition(opts.file, {
        line: otherLines[0].line,
        offset: otherLines[0].offset,
        text: otherLines[0].text,
      }),
      count: otherLines.length,
    });
  return { entries, otherLines, diagnostics };
}
