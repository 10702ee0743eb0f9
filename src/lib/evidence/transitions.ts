/**
 * Transitions with their causes, from the evidence: log lines give the state entered and the lines
 * before it give the reason (cause.ts is the only vocabulary); captures give master-run starts with
 * the analysis' cause; notify lines give states without a reason. A transition seen in a log and in
 * a capture is one transition: the capture gives the time, the log the cause.
 */
import type { Cause, CauseCode, EvidenceRef } from '../trace/cause';
import type { Micros } from '../trace/time';
import { US_PER_S } from '../trace/time';
import type { LogFact, LogState } from './log-facts';
import type { LogEntry } from './types';

export interface Transition {
  /** Common clock, µs since the epoch. */
  t: Micros;
  /** ± µs: the source's stamp resolution and clock uncertainty. */
  uncertaintyUs: number;
  node: string;
  instance: string | null;
  vrid: number | null;
  from: LogState;
  to: LogState;
  cause: Cause;
  chain: Cause[];
  /** Where the time came from. */
  timeFrom: 'log' | 'capture' | 'notify';
  evidence: EvidenceRef[];
}

/** A log entry placed on the common clock, with the node its lane belongs to. */
export interface PlacedEntry {
  source: number;
  node: string;
  entry: LogEntry & { fact: LogFact };
  t: Micros;
  uncertaintyUs: number;
}

const ref = (p: PlacedEntry): EvidenceRef => ({
  kind: 'log-line',
  t: p.t,
  source: p.source,
  line: p.entry.line,
  text: p.entry.text,
});

/** How long before a state line its cause lines may be (the lines of one decision, §2.6). */
const CAUSE_WINDOW_US = 2 * US_PER_S;
/** How long a script or interface event stays a candidate root of a later transition. */
const ROOT_WINDOW_US = 15 * US_PER_S;

function causeOf(p: PlacedEntry, code: CauseCode, extra: Partial<Cause> = {}): Cause {
  return { code, t: p.t, node: p.node, evidence: [ref(p)], ...extra };
}

/** The causes a fact states, as cause-model causes. */
function factCause(p: PlacedEntry): Cause | null {
  const f = p.entry.fact;
  switch (f.kind) {
    case 'cause':
      return causeOf(p, f.code, {
        instance: f.instance ? `${p.node}/${f.instance}` : undefined,
        subject: f.subject,
        detail: f.detail && f.detail !== 'failed' && f.detail !== 'succeeded' ? f.detail : undefined,
        priority: f.priority ? { ...f.priority, otherNode: f.from } : undefined,
      });
    case 'daemon':
      return f.status === 'starting' ? null : causeOf(p, 'stopped', { detail: 'SIGTERM or service stop' });
    case 'sent-priority-zero':
      return causeOf(p, 'priority-zero', { instance: `${p.node}/${f.instance}`, detail: 'sent' });
    default:
      return null;
  }
}

/**
 * The transitions one node's log states. `entries` are that node's placed entries in log order.
 */
export function logTransitions(
  entries: PlacedEntry[],
  vridOf: (node: string, instance: string) => number | null,
): Transition[] {
  const out: Transition[] = [];
  const state = new Map<string, LogState>();
  const pending = new Map<string, PlacedEntry[]>();
  const nodeFacts: PlacedEntry[] = [];
  const discards = new Map<string, PlacedEntry[]>();
  const lastChange = new Map<string, number>();
  const lastLine = new Map<string, number>();
  for (const p of entries) {
    const f = p.entry.fact;
    const inst = 'instance' in f && f.instance ? f.instance : undefined;
    if (f.kind === 'state' && !f.intent) {
      const from = state.get(f.instance) ?? 'INIT';
      const recent = (pending.get(f.instance) ?? []).filter((x) => p.t - x.t <= CAUSE_WINDOW_US);
      // Roots since this instance's previous transition (and within the window).
      const since = lastChange.get(f.instance) ?? -Infinity;
      const roots = nodeFacts.filter(
        (x) => p.t - x.t <= ROOT_WINDOW_US && x.t >= since && x.entry.line > (lastLine.get(f.instance) ?? 0),
      );
      const { cause, chain } = decide(p, f.to, from, f.init, recent, roots, discards.get(f.instance) ?? []);
      out.push({
        t: p.t,
        uncertaintyUs: p.uncertaintyUs,
        node: p.node,
        instance: f.instance,
        vrid: vridOf(p.node, f.instance),
        from,
        to: f.to,
        cause,
        chain,
        timeFrom: 'log',
        evidence: [ref(p), ...cause.evidence.filter((e) => e.kind === 'log-line' && e.line !== p.entry.line)],
      });
      state.set(f.instance, f.to);
      lastChange.set(f.instance, p.t);
      lastLine.set(f.instance, p.entry.line);
      pending.set(f.instance, []);
      discards.set(f.instance, []);
      continue;
    }
    if (f.kind === 'daemon' && f.status === 'stopping') {
      nodeFacts.push(p);
      for (const [i, s] of state)
        if (s !== 'STOP') {
          const c = causeOf(p, 'stopped', { instance: `${p.node}/${i}`, detail: 'SIGTERM or service stop' });
          out.push({
            t: p.t,
            uncertaintyUs: p.uncertaintyUs,
            node: p.node,
            instance: i,
            vrid: vridOf(p.node, i),
            from: s,
            to: 'STOP',
            cause: c,
            chain: [],
            timeFrom: 'log',
            evidence: [ref(p)],
          });
          state.set(i, 'STOP');
        }
      continue;
    }
    if (f.kind === 'daemon' && f.status === 'starting') {
      state.clear();
      continue;
    }
    if (f.kind === 'discard-lower') {
      discards.set(f.instance, [...(discards.get(f.instance) ?? []), p]);
      continue;
    }
    if (inst && (f.kind === 'cause' || f.kind === 'effective' || f.kind === 'sent-priority-zero'))
      pending.set(inst, [...(pending.get(inst) ?? []), p]);
    if (
      (f.kind === 'cause' && !inst) ||
      f.kind === 'effective' ||
      (f.kind === 'cause' && (f.code === 'interface-down' || f.code === 'script-failed'))
    )
      nodeFacts.push(p);
  }
  return out;
}

/** Roots on the node itself: a script or interface event, with the effective priority it moved. */
function ownRoots(roots: PlacedEntry[], instance: string): Cause[] {
  const out: Cause[] = [];
  for (const r of roots) {
    const f = r.entry.fact;
    if (
      f.kind === 'cause' &&
      (f.code === 'script-failed' ||
        f.code === 'script-recovered' ||
        f.code === 'interface-down' ||
        f.code === 'interface-up')
    ) {
      const c = factCause(r)!;
      const eff = roots.find(
        (x) =>
          x.entry.fact.kind === 'effective' &&
          x.t >= r.t &&
          (x.entry.fact as { instance: string }).instance === instance,
      );
      if (eff && eff.entry.fact.kind === 'effective') {
        c.effective = { from: eff.entry.fact.from, to: eff.entry.fact.to };
        c.evidence.push(ref(eff));
      }
      // A script result that moved no priority (its first run at start) explains nothing.
      if (c.effective || f.code.startsWith('interface')) out.push(c);
    }
    if (f.kind === 'daemon' && f.status === 'stopping') out.push(factCause(r)!);
  }
  return out;
}

function decide(
  p: PlacedEntry,
  to: LogState,
  from: LogState,
  init: boolean,
  recent: PlacedEntry[],
  roots: PlacedEntry[],
  discards: PlacedEntry[],
): { cause: Cause; chain: Cause[] } {
  const f = p.entry.fact as { instance: string };
  const instance = `${p.node}/${f.instance}`;
  const has = (code: CauseCode) =>
    [...recent].reverse().find((x) => x.entry.fact.kind === 'cause' && x.entry.fact.code === code);
  const with_ = (x: PlacedEntry | undefined, code: CauseCode, extra: Partial<Cause> = {}): Cause =>
    x ? { ...factCause(x)!, code, instance, ...extra } : causeOf(p, code, { instance, ...extra });
  const chain = ownRoots(roots, f.instance);
  if (init)
    return { cause: causeOf(p, 'startup', { instance, detail: `${to.toLowerCase()} at start` }), chain: [] };
  if (to === 'MASTER') {
    const pz = has('priority-zero');
    if (pz)
      return {
        cause: with_(pz, 'priority-zero', { node: pz.entry.fact.kind === 'cause' ? undefined : p.node }),
        chain,
      };
    const mdt = has('master-down-timer');
    if (mdt) {
      const last = discards[discards.length - 1];
      const extra: Partial<Cause> = {};
      if (last && last.entry.fact.kind === 'discard-lower') {
        // The log says the peer's adverts were discarded as lower, not which advert was last accepted.
        extra.silence = 'lower-priority';
        // Its address: the investigation names the node.
        extra.peer = last.entry.fact.from;
      }
      return { cause: with_(mdt, 'master-down-timer', extra), chain };
    }
    const sg =
      has('sync-group') ??
      roots.find((x) => x.entry.fact.kind === 'cause' && x.entry.fact.code === 'sync-group');
    if (sg) return { cause: with_(sg, 'sync-group'), chain };
    if (from === 'FAULT') return { cause: causeOf(p, 'fault-cleared', { instance }), chain };
    return {
      cause: causeOf(p, 'master-down-timer', { instance, detail: 'no reason line in the log' }),
      chain,
    };
  }
  if (to === 'BACKUP') {
    // A higher priority heard (not a master's answer to a lower one, which keeps it MASTER).
    const heard = [...recent]
      .reverse()
      .find(
        (x) =>
          x.entry.fact.kind === 'cause' &&
          x.entry.fact.code === 'higher-priority' &&
          (!x.entry.fact.priority || x.entry.fact.priority.own < x.entry.fact.priority.other),
      );
    const lp = heard ?? has('tie-break-address');
    if (lp) return { cause: with_(lp, lp === heard ? 'higher-priority' : 'tie-break-address'), chain };
    if (from === 'FAULT') return { cause: causeOf(p, 'fault-cleared', { instance }), chain };
    const sg = has('sync-group');
    if (sg) return { cause: with_(sg, 'sync-group'), chain };
    return { cause: causeOf(p, 'demoted', { instance, detail: 'no reason line in the log' }), chain };
  }
  if (to === 'FAULT') {
    const own = [...recent, ...roots].reverse();
    const iface = own.find((x) => x.entry.fact.kind === 'cause' && x.entry.fact.code === 'interface-down');
    if (iface) return { cause: with_(iface, 'interface-down'), chain: [] };
    const script = own.find((x) => x.entry.fact.kind === 'cause' && x.entry.fact.code === 'script-failed');
    if (script) return { cause: with_(script, 'script-failed'), chain: [] };
    return { cause: causeOf(p, 'fault', { instance }), chain };
  }
  return { cause: causeOf(p, 'stopped', { instance }), chain };
}
