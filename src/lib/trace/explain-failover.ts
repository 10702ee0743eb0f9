/**
 * The one explanation of a failover, read from its cause and chain (cause.ts): the sentence, the rule,
 * the timer and the evidence. The Explain panel, the timeline's tooltip and the CLI all show this.
 */
import { causeRule, describeCause, describeOne, namerOf, type AdvertRef, type Cause } from './cause';
import { failoversOf } from './masters';
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
