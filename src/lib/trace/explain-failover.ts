/**
 * The one explanation of a failover, read from its cause and chain (cause.ts): the sentence, the rule,
 * the timer and the evidence. The Explain panel, the timeline's tooltip and the CLI all show this.
 */
import { causeRule, describeCause, describeOne, namerOf, type AdvertRef, type Cause } from './cause';
import { failoversOf } from './masters';
import { secondsLabel } from './time';
import type { FailoverEvent, Micros, Trace } from './types';

export interface FailoverExplanation {
  failover: FailoverEvent;
  /** describeCause of the failover's cause and chain. */
  text: string;
  /** The rule of its primary cause. */
  rule: string;
  /** master-down-timer: the last advert the new master accepted. */
  lastAccepted: AdvertRef | null;
  /** master-down-timer: the Master_Down_Interval, or the skew after a priority-0 advert (§2.2), µs. */
  timerUs: Micros | null;
  /** Each cause of the chain and the primary one, root first, with its time. */
  steps: { t: Micros; text: string; cause: Cause }[];
}

export function explainFailover(trace: Trace, f: FailoverEvent): FailoverExplanation {
  const name = namerOf(trace.nodes);
  const c = f.cause;
  return {
    failover: f,
    text: describeCause(f, name),
    rule: causeRule(c.code),
    lastAccepted: c.lastAdvert ?? null,
    timerUs: c.code === 'master-down-timer' ? (c.mdiUs ?? null) : null,
    steps: [...f.chain, c].map((x) => ({ t: x.t, text: describeOne(x, name), cause: x })),
  };
}

/** Explains every failover of a trace. */
export function explainFailovers(trace: Trace): FailoverExplanation[] {
  return failoversOf(trace).map((f) => explainFailover(trace, f));
}

/**
 * "gap since prod-haproxy-000's last advert, at priority 98: 0.613 s": the time since the old master's
 * last advert, with that advert's priority, for an old master that lost a priority contest keeps
 * advertising at its lower priority; so it is neither the master-down timer nor the failover's latency.
 */
export function failoverGap(trace: Trace, f: FailoverEvent): string | null {
  if (f.gapUs === null) return null;
  const name = namerOf(trace.nodes);
  const from = f.from === null ? 'the old master' : `${name(f.from)}`;
  const prio =
    f.lastAdvertPacket !== undefined ? trace.packets[f.lastAdvertPacket]?.vrrp?.priority : undefined;
  return `gap since ${from}'s last advert${prio !== undefined ? `, at priority ${prio}` : ''}: ${secondsLabel(f.gapUs)}`;
}

/**
 * The failover in one sentence from the cause model: who took over from whom, why (describeCause),
 * and the gap. The narration, the timeline's tooltip and the Explain list read it.
 */
export function failoverSentence(trace: Trace, f: FailoverEvent): string {
  const name = namerOf(trace.nodes);
  const gap = failoverGap(trace, f);
  return `VRID ${f.vrid}: ${f.from === null ? 'no known master' : name(f.from)} → ${name(f.to)}: ${describeCause(f, name)}${gap ? ` The ${gap}.` : ''}`;
}
