/**
 * A capture's failover causes as the capture analysis found them (capture-masters.ts, carp-routers.ts),
 * moved into an investigation: times onto the common clock, cited frames onto the investigation's
 * source and numbering, endpoints onto its node names. The analysis' chain (a priority-0 advert, the
 * skew that ran, the advert the backup accepted last) says more than its code alone: `investigate` on
 * a capture gives the sentence `analyze` gives on it.
 */
import type { Cause, CausedTransition, EvidenceRef } from '../trace/cause';
import type { Micros } from '../trace/time';

export interface Placing {
  /** Added to the analysis' times (µs from the capture's first packet) to reach the common clock. */
  shiftUs: Micros;
  /** The investigation's index of the capture. */
  source: number;
  /** The number a 0-based frame is cited by: its packet number, or the tcpdump text's line. */
  cite(frame: number): number;
  /** The frame in a few words (the analysis' evidence has no text). */
  describe(frame: number): string | undefined;
  /** The investigation's node for an endpoint as the analysis labels it. */
  node(label: string): string;
}

export function placeCaused(c: CausedTransition, p: Placing): CausedTransition {
  return { cause: placeCause(c.cause, p), chain: c.chain.map((x) => placeCause(x, p)) };
}

function placeCause(c: Cause, p: Placing): Cause {
  const out: Cause = { ...c, t: c.t + p.shiftUs, evidence: c.evidence.map((e) => placeRef(e, p)) };
  if (c.node !== undefined) out.node = p.node(c.node);
  if (c.peer !== undefined) out.peer = p.node(c.peer);
  if (c.priority?.otherNode !== undefined)
    out.priority = { ...c.priority, otherNode: p.node(c.priority.otherNode) };
  if (c.lastAdvert) {
    const { packet, ...last } = c.lastAdvert;
    out.lastAdvert = {
      ...last,
      t: last.t + p.shiftUs,
      from: p.node(last.from),
      ...(packet !== undefined ? { packet: p.cite(packet) } : {}),
    };
  }
  return out;
}

function placeRef(e: EvidenceRef, p: Placing): EvidenceRef {
  if (e.kind !== 'packet') return e;
  const text = e.text ?? p.describe(e.packet);
  return { ...e, t: e.t + p.shiftUs, source: p.source, packet: p.cite(e.packet), ...(text ? { text } : {}) };
}
