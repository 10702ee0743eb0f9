/**
 * Explanations for the Explain panel: why an instance is in its state at time t, and why each failover
 * happened, from the trace's own evidence (state causes, priority terms, adverts, and the timer values
 * its `timing` events record). No protocol logic of its own: it only reads the Trace and the Frame and
 * quotes the rules of docs/vrrp-behaviour.md.
 */
import type { Frame, InstanceFrame } from '../../lib/trace/frame';
import type { FailoverEvent, Micros, Trace, TraceInstance } from '../../lib/trace/types';
import { causeRule, describeCause, namerOf } from '../../lib/trace/cause';
import { explainFailover, failoverGap } from '../../lib/trace/explain-failover';
import { failoversOf } from '../../lib/trace/masters';
import { secondsLabel } from '../../lib/trace/time';
import { timingAt } from '../../lib/trace/timing';

export interface Explanation {
  /** One-line answer, e.g. "BACKUP: it hears a master with priority 100 ≥ its own 98". */
  headline: string;
  /** The rule applied, with its section of docs/vrrp-behaviour.md. */
  rule: string;
  /** The numbers behind it, as label/value pairs. */
  numbers: { label: string; value: string }[];
}

/** µs as seconds with µs precision: `3.609375 s`. */
const exact = (us: Micros) => secondsLabel(us, 6);

/** "100 − 2 = 98 (chk_haproxy failed)". */
export function priorityArithmetic(f: InstanceFrame): string {
  if (f.terms.length === 0) return `${f.priority}`;
  const parts = f.terms.map((t) => `${t.delta < 0 ? '−' : '+'} ${Math.abs(t.delta)}`).join(' ');
  const why = f.terms.map((t) => `${t.source} ${t.status}`).join(', ');
  return `${f.basePriority} ${parts} = ${f.priority} (${why})`;
}

/** A node's display name (captures may be named from a hosts file); the id when unknown. */
export function nodeName(trace: Trace, id: string | null | undefined): string {
  if (!id) return 'nobody';
  return trace.nodes.find((n) => n.id === id)?.name ?? id;
}

/** The other participants of the same virtual router, with their state at this frame. */
export function peersOf(trace: Trace, inst: TraceInstance): TraceInstance[] {
  return trace.instances.filter((i) => i.router === inst.router && i.id !== inst.id);
}

/**
 * The instance's timers as the trace recorded them at t (its `timing` events, trace/timing.ts): its
 * interval, the interval its master-down timer counts in when v3 learned another, and its skew and
 * Master_Down_Interval at its priority (§2.2), which mean nothing at priority 0 (a resigning master),
 * so they are left out there. Then the timers running now.
 */
function timerNumbers(
  trace: Trace,
  inst: TraceInstance,
  f: InstanceFrame,
  t: Micros,
): { label: string; value: string }[] {
  const timing = timingAt(trace, inst.id, t);
  const out: { label: string; value: string }[] = [];
  if (timing) {
    out.push({ label: 'Advert interval', value: exact(timing.advertIntervalUs) });
    if (timing.masterAdvertIntervalUs !== timing.advertIntervalUs)
      out.push({ label: "Master's advert interval", value: exact(timing.masterAdvertIntervalUs) });
    if (f.priority >= 1)
      out.push(
        {
          label: `Skew (v${inst.version}, priority ${Math.min(255, f.priority)})`,
          value: exact(timing.skewUs),
        },
        { label: 'Master_Down_Interval', value: exact(timing.mdiUs) },
      );
  }
  for (const [name, timer] of Object.entries(f.timers)) {
    if (!timer) continue;
    // A paused daemon's timers stay past their deadline: overdue, never "fires in 0 s".
    const left = timer.deadline - t;
    out.push(
      left >= 0
        ? { label: `${name} timer fires in`, value: exact(left) }
        : { label: `${name} timer overdue by`, value: exact(-left) },
    );
  }
  return out;
}

/** A capture knows an instance's state only from its adverts: before, or after it fell silent, it is unknown. */
function stateWord(trace: Trace, f: InstanceFrame): string {
  return trace.origin.source === 'capture' && f.state === 'INIT' ? 'unknown from the capture' : f.state;
}

/**
 * What a peer's row says: its state and priority. A capture knows a peer's priority only from the
 * adverts it sent, so it quotes the last one with its time.
 */
function peerValue(trace: Trace, pf: InstanceFrame): string {
  if (trace.origin.source !== 'capture') return `${pf.state}, priority ${pf.priority}`;
  const last =
    pf.lastAdvertAt === null
      ? 'no advert seen'
      : `last advert at ${exact(pf.lastAdvertAt)} with priority ${pf.lastAdvertPriority}`;
  return `${stateWord(trace, pf)}, ${last}`;
}

/** Why `instanceId` is in its state at `frame.t`. Null when the instance is unknown. */
export function explainInstance(trace: Trace, frame: Frame, instanceId: string): Explanation | null {
  const inst = trace.instances.find((i) => i.id === instanceId);
  const f = frame.instances[instanceId];
  if (!inst || !f) return null;
  const capture = trace.origin.source === 'capture';
  const numbers = [
    { label: capture ? 'Advertised priority' : 'Effective priority', value: priorityArithmetic(f) },
    { label: `In ${stateWord(trace, f)} since`, value: exact(f.stateSince) },
    ...timerNumbers(trace, inst, f, frame.t),
  ];
  const peers = peersOf(trace, inst);
  for (const peer of peers) {
    const pf = frame.instances[peer.id];
    if (pf)
      numbers.push({
        label: `Peer ${nodeName(trace, peer.node)} (${peer.name})`,
        value: peerValue(trace, pf),
      });
  }
  const name = namerOf(trace.nodes);
  const cause = f.cause ? describeCause({ cause: f.cause, chain: f.chain }, name) : null;
  // What happens next is the simulator's to say: a capture shows only what already happened.
  const master = capture ? undefined : peers.find((p) => frame.instances[p.id]?.state === 'MASTER');
  const masterPrio = master ? frame.instances[master.id].priority : null;
  const tie = capture ? null : tieNow(trace, frame, f, peers);
  let headline = stateWord(trace, f);
  // A tie that arose after the state change (a weight brought the master down to the backup's
  // priority) is why nothing moves now; the state's own cause (the start-up election) comes after.
  if (tie)
    headline += ` — ${tie}${cause ? ` It entered ${f.state} at ${secondsLabel(f.stateSince)}: ${cause}` : ''}`;
  else if (cause) headline += ` — ${cause}`;
  if (f.state === 'BACKUP' && master && masterPrio !== null && masterPrio < f.priority)
    headline += inst.preempt
      ? ` Its priority ${f.priority} is above ${nodeName(trace, master.node)}'s ${masterPrio}: it discards those adverts and takes over when its master-down timer fires.`
      : ` Its priority ${f.priority} is above ${nodeName(trace, master.node)}'s ${masterPrio}, but with nopreempt it stays BACKUP.`;
  return {
    headline,
    rule: f.cause ? causeRule(f.cause.code) : 'No state change of this instance yet.',
    numbers,
  };
}

/**
 * The tie at this frame between a MASTER and a BACKUP of one router at equal priority (§2.6.1): the
 * BACKUP accepts the equal advert, so neither moves; the higher address decides only between two MASTERs.
 */
function tieNow(trace: Trace, frame: Frame, f: InstanceFrame, peers: TraceInstance[]): string | null {
  if (f.state !== 'MASTER' && f.state !== 'BACKUP') return null;
  const other = f.state === 'MASTER' ? 'BACKUP' : 'MASTER';
  const peer = peers.find(
    (p) => frame.instances[p.id]?.state === other && frame.instances[p.id].priority === f.priority,
  );
  if (!peer) return null;
  const them = nodeName(trace, peer.node);
  const backup = f.state === 'BACKUP' ? 'it' : them;
  return `A tie: its priority ${f.priority} equals ${them}'s (${other}), and a BACKUP accepts an equal advert, so ${backup} stays BACKUP and nothing moves (the higher address wins only when both are MASTER at once, §2.6.1).`;
}

/** "VRID 200: prod-haproxy-000 → prod-haproxy-001 at 25.222656 s, gap since prod-haproxy-000's last advert, at priority 98: 0.613 s". */
export function failoverHeadline(trace: Trace, f: FailoverEvent): string {
  const gap = failoverGap(trace, f);
  return `VRID ${f.vrid}: ${nodeName(trace, f.from)} → ${nodeName(trace, f.to)} at ${exact(f.t)}${gap ? `, ${gap}` : ''}`;
}

export { explainFailover, failoversOf };
