/**
 * A takeover read back into the cause model (src/lib/trace/cause.ts), so that an exercise's
 * explanation is describeCause's sentence: the fault that started it (root), then why the new
 * master's timer fired or why it won (§2.5, §2.6, §2.10).
 */
import type { Cause, CausedTransition } from '../trace/cause';
import type { Trace, TraceEvent } from '../trace/types';
import { explainFailovers } from '../sim/summary';

type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;

const TRIGGER: Record<string, Cause['code']> = {
  'stop-keepalived': 'stopped',
  'kill-keepalived': 'vanished',
  'link-down': 'interface-down',
  'set-priority': 'config-changed',
};

/** The fault behind a failover: the last fault event (of the old master, or a LAN fault) before it. */
function rootCause(trace: Trace, f: FailoverEvent, since: number): Cause | null {
  let root: Extract<TraceEvent, { kind: 'fault' }> | null = null;
  for (const e of trace.events) {
    if (e.t > f.t) break;
    if (e.kind === 'fault' && e.t >= since && e.action !== 'start-keepalived' && e.action !== 'heal')
      if (!e.node || e.node === f.from) root = e;
  }
  if (!root) return null;
  const evidence = [
    { kind: 'scenario-event' as const, t: root.t, index: trace.events.indexOf(root), text: root.label },
  ];
  if (root.action === 'kill-process' || root.action === 'force-script') {
    // The check script that saw it, with the priority it moved (weight, §3.4).
    const script = trace.events.find(
      (e): e is Extract<TraceEvent, { kind: 'script' }> =>
        e.kind === 'script' && e.t >= root.t && e.t <= f.t && e.node === f.from && !e.ok,
    );
    const prio = trace.events.find(
      (e): e is Extract<TraceEvent, { kind: 'priority' }> =>
        e.kind === 'priority' && e.t >= root.t && e.t <= f.t && e.node === f.from,
    );
    if (script)
      return {
        code: 'script-failed',
        t: script.t,
        node: script.node,
        subject: script.script,
        effective: prio ? { from: prio.from, to: prio.to } : undefined,
        evidence,
      };
  }
  if (root.action === 'block-multicast' || root.action === 'partition')
    return {
      code: 'split-brain',
      t: root.t,
      node: f.to,
      priority: { own: 0, other: 0, otherNode: f.from ?? undefined },
      evidence,
    };
  const code = TRIGGER[root.action];
  return code
    ? { code, t: root.t, node: root.node, subject: root.params?.interface as string | undefined, evidence }
    : null;
}

function advertRef(a: { t: number; priority: number } | null | undefined, from: string | null) {
  return a && from ? { t: a.t, from, priority: a.priority } : undefined;
}

/** The cause model's account of one failover of a simulated trace. */
export function failoverTransition(trace: Trace, f: FailoverEvent, since = 0): CausedTransition {
  const x = explainFailovers(trace).find((e) => e.failover === f);
  const chain: Cause[] = [];
  const root = rootCause(trace, f, since);
  if (root && root.code !== 'split-brain') chain.push(root);
  const last = x?.lastAccepted;
  if (last?.priority === 0)
    chain.push({ code: 'priority-zero', t: last.t, node: f.from ?? undefined, evidence: [] });
  let cause: Cause;
  if (root?.code === 'split-brain') cause = root;
  else if (x?.takeover === 'master-down-timer')
    cause = {
      code: 'master-down-timer',
      t: f.t,
      node: f.to,
      mdiUs: x.timerUs ?? undefined,
      // With lower-priority silence, the advert describeOne names is the last discarded one (§2.5).
      lastAdvert: advertRef(x.discarded.at(-1) ?? last, f.from),
      silence: x.discarded.length ? 'lower-priority' : 'silent',
      evidence: [],
    };
  else cause = { code: 'unknown-from-capture', t: f.t, node: f.to, detail: f.cause, evidence: [] };
  return { cause, chain };
}
