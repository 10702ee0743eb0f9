/**
 * The replay clock of a capture whose timestamps go backwards or leap ahead (damaged or fuzzed files:
 * tcpdump's vrrp_print-oobr captures go back 1 036 662 031 s, or leap 6 403 594 s between two of
 * ten packets). The analysis report keeps the file's own times (Wireshark's frame.time_relative);
 * the view replays the packets in file order on a clock that never goes back and never leaps more
 * than MAX_LEAP_US, and says so, rather than show a negative clock or a timeline of months. The
 * capture worker puts each Trace it sends on this clock: the check is a pass over every packet, which
 * on the main thread, over objects just received, took 35–50 ms of CPU in one task.
 */
import type { Diagnostic } from './diagnostic';
import { secondsLabel } from './time';
import type { Micros, Trace, TraceEvent } from './types';

/** VRRP adverts come at most 40.95 s apart (§1.2): a day with no packet at all is a broken stamp. */
export const MAX_LEAP_US: Micros = 86_400_000_000;

/** The packet an event is about, when it names one. */
function packetOf(e: TraceEvent): number | undefined {
  return 'packet' in e && typeof e.packet === 'number' ? e.packet : undefined;
}

/** The first packet a kind of repair moved (its index and by how much) and how many it moved. */
interface Repair {
  index: number;
  by: Micros;
  count: number;
}

/** `r` counting one more packet, or the first: packet `index`, moved by `by`. */
function repaired(r: Repair | null, index: number, by: Micros): Repair {
  if (!r) return { index, by, count: 1 };
  r.count++;
  return r;
}

/**
 * The trace with packets and events on a monotonic, bounded clock (file order kept), and a diagnostic
 * per kind of repair; the trace itself when its times are in order and bounded. `startUs`: where the
 * trace starts on the capture's clock (a window read from the middle of a long capture).
 */
export function boundedClock(trace: Trace, startUs: Micros = 0): { trace: Trace; diagnostics: Diagnostic[] } {
  const times = new Float64Array(trace.packets.length);
  let previous = startUs;
  let backwards: Repair | null = null;
  let leaps: Repair | null = null;
  for (let k = 0; k < trace.packets.length; k++) {
    const p = trace.packets[k];
    let t = k === 0 && p.t < 0 ? 0 : p.t;
    if (t < previous) {
      backwards = repaired(backwards, p.index, previous - t);
      t = previous;
    } else if (t - previous > MAX_LEAP_US) {
      leaps = repaired(leaps, p.index, t - previous);
      t = previous;
    }
    times[k] = t;
    previous = t;
  }
  if (!backwards && !leaps && trace.endUs >= 0) return { trace, diagnostics: [] };

  const diagnostics: Diagnostic[] = [];
  const times1 = (n: number) => (n > 1 ? ` (${n} packets)` : '');
  if (backwards)
    diagnostics.push({
      code: 'ui.capture-time-backwards',
      severity: 'warning',
      message: `The capture's timestamps are out of order: packet ${backwards.index + 1} of the Packets list is ${secondsLabel(backwards.by)} before the one read before it${times1(backwards.count)}. The replay keeps the file order and shows such packets at the previous packet's time; the report keeps the file's times.`,
    });
  if (leaps)
    diagnostics.push({
      code: 'ui.capture-time-leap',
      severity: 'warning',
      message: `The capture's timestamps leap ${secondsLabel(leaps.by)} ahead at packet ${leaps.index + 1} of the Packets list${times1(leaps.count)}, more than a day without a packet. The replay shows such packets at the previous packet's time, so the timeline stays bounded; the report keeps the file's times.`,
    });
  const packets = trace.packets.map((p, k) => (p.t === times[k] ? p : { ...p, t: times[k] }));
  const byIndex = new Map(trace.packets.map((p, k) => [p.index, times[k]]));
  // An event about a packet moves with it; any other keeps its place after the packets before it.
  let last = 0;
  const events = trace.events
    .map((e, order) => {
      const p = packetOf(e);
      const t = p !== undefined && byIndex.has(p) ? byIndex.get(p)! : Math.max(0, Math.min(e.t, last));
      last = Math.max(last, t);
      return { e: t === e.t ? e : ({ ...e, t } as TraceEvent), order };
    })
    .sort((a, b) => a.e.t - b.e.t || a.order - b.order)
    .map((x) => x.e);
  const endUs = Math.max(0, previous, ...events.slice(-1).map((e) => e.t));
  return {
    trace: { ...trace, packets, events, endUs, diagnostics: [...trace.diagnostics, ...diagnostics] },
    diagnostics,
  };
}
