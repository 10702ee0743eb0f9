/**
 * Explanations for the Explain panel: why an instance is in its state at time t, and why each failover
 * happened, from the trace's own evidence (state causes, priority terms, adverts) and keepalived's
 * timer arithmetic (src/lib/vrrp/timers.ts). No protocol logic of its own: it only reads the Trace and
 * the Frame and quotes the rules of docs/vrrp-behaviour.md.
 */
import type { Frame, InstanceFrame } from '../../lib/trace/frame';
import type { Micros, Trace, TraceEvent, TraceInstance } from '../../lib/trace/types';
import { masterDownUs, skewUs } from '../../lib/vrrp/timers';
import { US_PER_CS } from '../../lib/vrrp/constants';
import { countAtOrBefore } from '../../lib/trace/search';

export interface Explanation {
  /** One-line answer, e.g. "BACKUP: it hears a master with priority 100 ≥ its own 98". */
  headline: string;
  /** The rule applied, with its section of docs/vrrp-behaviour.md. */
  rule: string;
  /** The numbers behind it, as label/value pairs. */
  numbers: { label: string; value: string }[];
}

/** µs as seconds with µs precision: `3.609375 s`. */
export function formatSeconds(us: number): string {
  return `${(us / 1e6).toFixed(6)} s`;
}

/** "100 − 2 = 98 (chk_haproxy failed)". */
export function priorityArithmetic(f: InstanceFrame): string {
  if (f.terms.length === 0) return `${f.priority}`;
  const parts = f.terms.map((t) => `${t.delta < 0 ? '−' : '+'} ${Math.abs(t.delta)}`).join(' ');
  const why = f.terms.map((t) => `${t.source} ${t.status}`).join(', ');
  return `${f.basePriority} ${parts} = ${f.priority} (${why})`;
}

const CAUSE_RULES: Record<string, string> = {
  startup:
    'keepalived starts every non-owner instance in BACKUP with a full Master_Down_Interval; only an address owner (255) becomes MASTER at once (§2.4).',
  'master-down-timer':
    'No acceptable advert arrived for a whole Master_Down_Interval = 3 × advert interval + skew, so the backup took over (§2.5).',
  'higher-priority-advert':
    'A master that receives an advert with a higher priority than its own yields to BACKUP at once, silently (§2.6).',
  'priority-zero':
    'The master resigned with a priority-0 advert; a backup then waits only its skew time before taking over (§2.5, §2.10).',
  'tie-break':
    'Two masters with equal priority: the one with the numerically higher source address stays MASTER (§2.6.1).',
  'lower-priority-advert':
    'A master that hears a lower priority answers at once with its own advert and GARPs, forcing a new election (§2.6).',
  preempt:
    'A backup with a higher priority than the master discards its adverts and takes over when its Master_Down_Interval runs out (§2.5, §3.1).',
  fault:
    'A tracked item failed (unweighted script, interface or file), so the instance entered FAULT (§2.9, §4.3).',
  'fault-cleared': 'The failed tracked item recovered; the instance leaves FAULT for BACKUP (§2.9).',
  'sync-group': 'A member of a vrrp_sync_group follows its group (§6.1).',
  shutdown:
    'keepalived was stopped (SIGTERM): a master sends a priority-0 advert and removes its VIPs (§2.10).',
  killed:
    'keepalived was killed: it sends nothing, and the peers notice only after Master_Down_Interval (§8).',
  silence:
    'The master fell silent (killed, paused, cut off): the backup took over after its Master_Down_Interval (§2.5, §8).',
  'higher-priority': 'A higher-priority router preempted the master (§2.6, §3.1).',
  observed: 'Inferred from the capture: the state follows from the adverts seen on the wire.',
};

/** The rule text for a state cause code (an unknown code is shown as is). */
export function ruleFor(cause: string): string {
  return CAUSE_RULES[cause] ?? cause;
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

function timerNumbers(inst: TraceInstance, f: InstanceFrame, t: Micros): { label: string; value: string }[] {
  const intervalUs = inst.advertIntervalCs * US_PER_CS;
  const p = Math.max(1, Math.min(255, f.priority));
  const out = [
    { label: 'Advert interval', value: formatSeconds(intervalUs) },
    {
      label: `Skew (v${inst.version}, priority ${p})`,
      value: formatSeconds(skewUs(inst.version, p, intervalUs)),
    },
    { label: 'Master_Down_Interval', value: formatSeconds(masterDownUs(inst.version, p, intervalUs)) },
  ];
  for (const [name, timer] of Object.entries(f.timers)) {
    if (timer)
      out.push({ label: `${name} timer fires in`, value: formatSeconds(Math.max(0, timer.deadline - t)) });
  }
  return out;
}

/** Why `instanceId` is in its state at `frame.t`. Null when the instance is unknown. */
export function explainInstance(trace: Trace, frame: Frame, instanceId: string): Explanation | null {
  const inst = trace.instances.find((i) => i.id === instanceId);
  const f = frame.instances[instanceId];
  if (!inst || !f) return null;
  const numbers = [
    { label: 'Effective priority', value: priorityArithmetic(f) },
    { label: `In ${f.state} since`, value: formatSeconds(f.stateSince) },
    ...timerNumbers(inst, f, frame.t),
  ];
  const peers = peersOf(trace, inst);
  for (const peer of peers) {
    const pf = frame.instances[peer.id];
    if (pf)
      numbers.push({
        label: `Peer ${peer.node} (${peer.name})`,
        value: `${pf.state}, priority ${pf.priority}`,
      });
  }
  const master = peers.find((p) => frame.instances[p.id]?.state === 'MASTER');
  const masterPrio = master ? frame.instances[master.id].priority : null;
  let headline = `${f.state}`;
  if (f.state === 'BACKUP' && master && masterPrio !== null) {
    headline +=
      masterPrio >= f.priority
        ? `: it hears ${nodeName(trace, master.node)} as master with priority ${masterPrio} ≥ its own ${f.priority}`
        : `: its priority ${f.priority} beats ${nodeName(trace, master.node)}'s ${masterPrio}; it takes over when its master-down timer fires${inst.preempt ? '' : ' (nopreempt: it will not)'}`;
  } else if (f.state === 'MASTER') {
    headline += peers.length
      ? `: no peer outranks its priority ${f.priority} (${peers.map((p) => `${nodeName(trace, p.node)} ${frame.instances[p.id]?.priority ?? '?'}`).join(', ')})`
      : `: it is alone in VRID ${inst.vrid}`;
  }
  if (f.detail) headline += ` — ${f.detail}`;
  return { headline, rule: ruleFor(f.cause), numbers };
}

export type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;

/** The evidence for one failover: the events just before it that explain it, newest last. */
export interface FailoverExplanation {
  failover: FailoverEvent;
  headline: string;
  rule: string;
  evidence: { t: Micros; text: string }[];
}

function describeEvidence(trace: Trace, e: TraceEvent): string | null {
  const who = 'node' in e ? nodeName(trace, e.node) : '';
  switch (e.kind) {
    case 'fault':
      return `fault: ${e.label}`;
    case 'process':
      return `${who}: ${e.process} ${e.running ? 'started' : 'stopped'}`;
    case 'script':
      return `${who}: script ${e.script} ${e.status} (rc ${e.rc})`;
    case 'priority':
      return `${who}: priority ${e.from} → ${e.to}${e.terms.length ? ` (${e.terms.map((x) => `${x.source} ${x.status} ${x.delta}`).join(', ')})` : ''}`;
    case 'daemon':
      return `${who}: keepalived ${e.status}`;
    case 'link':
      return `${who}: ${e.interface} ${e.up ? 'up' : 'down'}`;
    case 'state':
      return `${who}: ${trace.instances.find((i) => i.id === e.instance)?.name ?? e.instance} ${e.from} → ${e.to}${e.detail ? ` (${e.detail})` : ''}`;
    case 'anomaly':
      return `anomaly ${e.code}: ${e.message}`;
    case 'advert-sent': {
      const p = trace.packets[e.packet];
      return p?.vrrp && p.vrrp.priority === 0 ? `${who}: priority-0 advert (resigning)` : null;
    }
    default:
      return null;
  }
}

/** The last advert (priority > 0) of `node` for `vrid` before `t`, from the packet list. */
export function lastAdvertBefore(trace: Trace, vrid: number, node: string | null, t: Micros) {
  for (let k = countAtOrBefore(trace.packets, t - 1) - 1; k >= 0; k--) {
    const p = trace.packets[k];
    if (!p.vrrp || p.vrrp.priority === 0 || p.vrrp.vrid !== vrid) continue;
    if (node === null || p.node === node) return p;
  }
  return null;
}

/** Why the failover happened, from the events in the Master_Down window before it. */
export function explainFailover(
  trace: Trace,
  failover: FailoverEvent,
  windowUs = 10_000_000,
): FailoverExplanation {
  const evidence: { t: Micros; text: string }[] = [];
  const relevantNodes = new Set([failover.from, failover.to].filter((n): n is string => !!n));
  const events = trace.events;
  for (let k = countAtOrBefore(events, failover.t - windowUs - 1); k < events.length; k++) {
    const e = events[k];
    if (e.t > failover.t) break;
    if ('node' in e && e.node && !relevantNodes.has(e.node) && e.kind !== 'fault') continue;
    if ('router' in e && e.router && e.router !== failover.router) continue;
    if (
      'instance' in e &&
      e.kind !== 'advert-sent' &&
      !trace.instances.some((i) => i.id === e.instance && i.router === failover.router)
    )
      continue;
    const text = describeEvidence(trace, e);
    if (text) evidence.push({ t: e.t, text });
  }
  const last = lastAdvertBefore(trace, failover.vrid, failover.from, failover.t);
  if (last?.vrrp) {
    evidence.push({
      t: last.t,
      text: `last advert from ${failover.from ? nodeName(trace, failover.from) : last.src}: priority ${last.vrrp.priority}`,
    });
    evidence.sort((a, b) => a.t - b.t);
  }
  const gap =
    failover.gapUs === null ? '' : `, ${formatSeconds(failover.gapUs)} after the old master's last advert`;
  return {
    failover,
    headline: `VRID ${failover.vrid}: ${nodeName(trace, failover.from)} → ${nodeName(trace, failover.to)} at ${formatSeconds(failover.t)}${gap} (${failover.cause})`,
    rule: ruleFor(takeoverCause(trace, failover) ?? failover.cause),
    evidence,
  };
}

/** The state cause code of the new master's move to MASTER at the failover (its rule), if recorded. */
function takeoverCause(trace: Trace, failover: FailoverEvent): string | null {
  const events = trace.events;
  for (let k = countAtOrBefore(events, failover.t) - 1; k >= 0 && events[k].t === failover.t; k--) {
    const e = events[k];
    if (e.kind !== 'state' || e.to !== 'MASTER' || e.node !== failover.to) continue;
    if (trace.instances.some((i) => i.id === e.instance && i.router === failover.router)) return e.cause;
  }
  return null;
}

/** Every failover in the trace, in time order. */
export function failoversOf(trace: Trace): FailoverEvent[] {
  return trace.events.filter((e): e is FailoverEvent => e.kind === 'failover');
}
