/**
 * The words on the timeline's change-of-master markers, fitted so that labels never overlap: a label
 * keeps only the parts that fit before the next marker of its lane (or the lane's end), and is left
 * out (its marker keeps the full title) when not even its first part fits.
 */
import type { Trace, TraceEvent } from '../../lib/trace/types';
import { secondsLabel } from '../../lib/trace/time';
import { countAtOrBefore } from '../../lib/trace/search';
import { failoverLabel, type FailoverEvent, type LabelFit } from '../app/failover-label';
import type { DualMasterPeriod, MasterChange } from '../state/master-changes';

/** A generous average advance of the marker's bold 0.8em sans text, per character, in ems of the SVG. */
export const CHAR_EM = 0.6;
/** Padding after the marker line and before the next one, in ems. */
const PAD_EM = 1.1;

export interface MarkerLabel {
  change: MasterChange;
  /** 0: the lane's top line; 1: the line below it (close markers alternate between the two). */
  row: 0 | 1;
  /** Empty when nothing fits. */
  text: string;
  title: string;
}

/**
 * The failover event a takeover marker is labelled from: the trace's own, else one without a gap
 * whose cause is the new master's own move to MASTER.
 */
function asFailover(c: MasterChange, trace: Trace | null | undefined): FailoverEvent {
  if (c.failover) return c.failover;
  // The events are in time order: a binary search to the change's time, not a scan of every event
  // per marker (25 000 events × each marker of a merged investigation was most of its first draw).
  const events = trace?.events ?? [];
  let k = countAtOrBefore(events, c.t);
  while (k > 0 && events[k - 1].t === c.t) k--;
  let entry: TraceEvent | undefined;
  for (; k < events.length && events[k].t === c.t && !entry; k++) {
    const e = events[k];
    if (e.kind === 'state' && e.instance === c.instance && e.to === 'MASTER') entry = e;
  }
  const caused =
    entry?.kind === 'state'
      ? { cause: entry.cause, chain: entry.chain }
      : { cause: { code: 'startup' as const, t: c.t, node: c.to, evidence: [] }, chain: [] };
  return {
    t: c.t,
    kind: 'failover',
    router: c.router,
    vrid: c.vrid,
    from: c.from,
    to: c.to,
    gapUs: null,
    ...caused,
  };
}

const nameOf = (trace: Trace | null | undefined, id: string | null) =>
  id === null ? 'no known master' : (trace?.nodes.find((n) => n.id === id)?.name ?? id);

/** The title of a dual-master period: who was MASTER, from when to when. */
export function dualMasterTitle(d: DualMasterPeriod, trace: Trace | null | undefined): string {
  const names = d.nodes.map((n) => nameOf(trace, n)).join(' and ');
  return `VRID ${d.vrid}: dual master, ${names} are all MASTER from ${secondsLabel(d.from)} to ${secondsLabel(d.to)}.`;
}

/**
 * The labels of one lane's markers for the scale `x` (µs → px; its range's end is the lane's right edge)
 * and the SVG's font size `em` (px).
 */
export function laneMarkerLabels(
  changes: readonly MasterChange[],
  trace: Trace | null | undefined,
  x: LabelFit['x'],
  em: number,
  rows: 1 | 2 = 1,
): MarkerLabel[] {
  const events = changes.map((c) => asFailover(c, trace));
  const charPx = CHAR_EM * em;
  /** The label of marker k when the markers of `skip` are not in its way. */
  const labelOf = (k: number, skip: number): { text: string; title: string } => {
    const c = changes[k];
    const others = (_: unknown, j: number) => j !== skip;
    const next = changes.filter(others).find((d) => d.t > c.t);
    const end = Math.min(next ? x(next.t) : Infinity, x.range()[1]);
    const room = end - x(c.t) - PAD_EM * em;
    if (c.kind === 'dual-master') {
      const text = `dual master: ${nameOf(trace, c.from)} + ${nameOf(trace, c.to)}`;
      const short = 'dual master';
      const title = `VRID ${c.vrid}: ${nameOf(trace, c.to)} became MASTER at ${secondsLabel(c.t)} while ${nameOf(trace, c.from)} stayed MASTER: both are MASTER (a dual master, not a failover).`;
      const fits = (s: string) => s.length * charPx <= room;
      return { text: fits(text) ? text : fits(short) ? short : '', title };
    }
    const label = failoverLabel(events[k], trace, { x, lane: events.filter(others) });
    const first = label.text.split(' · ')[0];
    return { text: first.length * charPx <= room ? label.text : '', title: label.title };
  };
  // A label that does not fit before the next marker goes to the second line (when the lane has
  // one), where it may run past that marker up to the one after, unless the second line's previous
  // label still occupies it. The next marker's own label then stays on the first line.
  let secondFreeAt = -Infinity;
  return changes.map((c, k) => {
    const top = labelOf(k, -1);
    if (top.text || rows === 1 || x(c.t) < secondFreeAt) return { change: c, row: 0, ...top };
    const below = labelOf(k, k + 1);
    if (!below.text) return { change: c, row: 0, ...top };
    secondFreeAt = x(c.t) + (below.text.length * CHAR_EM + PAD_EM) * em;
    return { change: c, row: 1, ...below };
  });
}
