/**
 * Transitions grouped into incidents (issue 11 §3): a failover with its chain; a split brain as one
 * incident with a start and an end (not a run of alternating failovers); a series of flaps; a VRID
 * with no master.
 */
import type { Cause, CauseCode, EvidenceRef } from '../trace/cause';
import { describeCause, distinctEvidence } from '../trace/cause';
import { secondsLabel, US_PER_S, type Micros } from '../trace/time';
import type { Transition } from './transitions';

export type IncidentKind = 'failover' | 'split-brain' | 'flapping' | 'no-master';

export interface Incident {
  kind: IncidentKind;
  vrid: number | null;
  start: Micros;
  end: Micros;
  from: string | null;
  to: string | null;
  chain: CauseCode[];
  summary: string;
  evidence: EvidenceRef[];
  /** The transition a failover is (for the chain's causes). */
  transition?: Transition;
}

export interface MasterInterval {
  node: string;
  vrid: number | null;
  start: Micros;
  end: Micros;
  /** The interval ends because the evidence ends, not because the node left MASTER. */
  open: boolean;
  begin: Transition;
  /**
   * Its last advert on the wire, where the wire ended it: `end` is then an interval later (a master
   * holds until its next advert is due), which no advert of its own shows.
   */
  lastAdvert?: Micros;
}

/** A period a node's own log shows it silent: frozen (a thread timer expired late) or killed and restarted. */
export interface Silence {
  node: string;
  from: Micros;
  to: Micros;
  cause: Cause;
  /** Frozen, not killed: it wakes in the state it froze in, MASTER again unless it left before. */
  resumes?: boolean;
}

/** Two masters for longer than this are a split brain, not a handover (one advert interval + slack). */
export const SPLIT_BRAIN_MIN_US = 1.5 * US_PER_S;
/** Failovers closer than this on one VRID, three or more, are flapping. */
const FLAP_WINDOW_US = 60 * US_PER_S;
/** Failovers within the window that make a series of flaps (a failover and its failback are not). */
const FLAP_COUNT = 4;
/** No master for longer than this (two Master_Down_Intervals at 1 s) is a no-master incident. */
const NO_MASTER_US = 7.5 * US_PER_S;

/**
 * The last advert of a node's advertising begun at or before `from`, on VRID `vrid`; null when no
 * capture sees the node (a node that vanished leaves no transition, only its silence).
 */
export type LastAdvert = (node: string, vrid: number | null, from: Micros) => Micros | null;

/** A master is MASTER until its next advert is due: one interval (1 s) past its last. */
const HOLD_US = US_PER_S;

/** MASTER intervals per node and VRID, ended where the wire shows them end (`lastAdvert`). */
export function masterIntervals(
  transitions: Transition[],
  endUs: Micros,
  lastAdvert: LastAdvert,
  silences: Silence[] = [],
): MasterInterval[] {
  const raw = masterIntervalsOnWire(transitions, endUs, lastAdvert);
  // A silence the node's log shows cuts its interval. Frozen, it wakes still MASTER in its own view
  // and advertises again (the wire may have ended its interval already, at its last advert).
  const out: MasterInterval[] = [];
  for (const i of raw) {
    let cur: MasterInterval | null = i;
    // A killed daemon's silence starts at its last log line, and a steady master logs nothing: where a
    // capture sees the node, its last advert (already the interval's end) is where it stopped.
    const onWire = lastAdvert(i.node, i.vrid, i.start) !== null;
    for (const sl of silences.filter((x) => x.node === i.node).sort((a, b) => a.from - b.from)) {
      if (!cur || sl.from <= cur.start || sl.from >= cur.end + LOG_SLACK_US) continue;
      out.push({ ...cur, end: sl.resumes || !onWire ? Math.min(cur.end, sl.from) : cur.end, open: false });
      cur = sl.resumes ? woken(cur, sl, transitions, endUs, lastAdvert) : null;
    }
    if (cur) out.push(cur);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * How far a node's log may place what the wire shows (whole-second stamps, a second's interval): the
 * start of its freeze after its last advert, or its leaving MASTER after its interval ends (view.ts).
 */
export const LOG_SLACK_US = 1.5 * US_PER_S;

/**
 * The MASTER interval of a node woken from a freeze (SIGSTOP): from its waking until it leaves MASTER
 * in its log or stops advertising. Its return is the failback: the master that took over meanwhile
 * hears the higher priority and yields (its log says so), so the new interval begins with that cause.
 * Null when the node left MASTER before waking, or advertised no more after it.
 */
function woken(
  was: MasterInterval,
  sl: Silence,
  transitions: Transition[],
  endUs: Micros,
  lastAdvert: LastAdvert,
): MasterInterval | null {
  const mine = (t: Transition) =>
    t.node === was.node && (t.vrid ?? t.instance) === (was.begin.vrid ?? was.begin.instance);
  const leave = transitions.find((t) => mine(t) && t.t > was.start && t.to !== 'MASTER');
  if (leave && leave.t <= sl.to) return null;
  const seen = lastAdvert(was.node, was.vrid, sl.to);
  // Nothing sent after it: lastAdvert gives its `from`.
  if (seen !== null && seen <= sl.to) return null;
  const end = Math.min(leave?.t ?? endUs, seen !== null ? seen + HOLD_US : endUs);
  const yielded = transitions.find(
    (t) =>
      t.node !== was.node &&
      t.vrid === was.vrid &&
      t.from === 'MASTER' &&
      t.to === 'BACKUP' &&
      t.cause.code === 'higher-priority' &&
      t.t >= sl.to - LOG_SLACK_US &&
      t.t <= sl.to + 2 * LOG_SLACK_US,
  );
  const p = yielded?.cause.priority;
  const cause: Cause = {
    code: yielded ? 'higher-priority' : 'unknown-from-capture',
    t: yielded?.t ?? sl.to,
    node: was.node,
    ...(was.begin.instance ? { instance: `${was.node}/${was.begin.instance}` } : {}),
    ...(p ? { priority: { own: p.other, other: p.own, otherNode: yielded!.node } } : {}),
    detail: 'it woke from its freeze still MASTER',
    evidence: [...sl.cause.evidence, ...(yielded?.evidence ?? [])],
  };
  // The change of master is complete when the other one yields (or, unseen, at the waking).
  const begin: Transition = {
    ...was.begin,
    t: cause.t,
    from: 'MASTER',
    to: 'MASTER',
    cause,
    chain: [],
    evidence: cause.evidence,
  };
  return {
    node: was.node,
    vrid: was.vrid,
    start: sl.to,
    end,
    open: end === endUs && leave === undefined,
    begin,
  };
}

function masterIntervalsOnWire(
  transitions: Transition[],
  endUs: Micros,
  lastAdvert: LastAdvert,
): MasterInterval[] {
  const out: MasterInterval[] = [];
  const open = new Map<string, Transition>();
  const key = (t: Transition) => `${t.node}|${t.vrid ?? t.instance}`;
  // `seen`: its last advert, where the wire ended it.
  const close = (b: Transition, at: Micros, isOpen: boolean, seen: Micros | null) =>
    out.push({
      node: b.node,
      vrid: b.vrid,
      start: b.t,
      end: at,
      open: isOpen,
      begin: b,
      ...(seen !== null ? { lastAdvert: seen } : {}),
    });
  for (const t of transitions) {
    const k = key(t);
    const cur = open.get(k);
    if (t.to === 'MASTER') {
      // Still MASTER in its log, but silent on the wire (SIGSTOP, a lost link) before this new start.
      const seen = cur ? lastAdvert(cur.node, cur.vrid, cur.t) : null;
      if (cur && seen !== null && seen + HOLD_US < t.t) {
        close(cur, seen + HOLD_US, false, seen);
        open.set(k, t);
      } else if (!cur) open.set(k, t);
      continue;
    }
    if (cur) {
      // Killed and restarted: the wire shows where it really stopped being master.
      const seen = lastAdvert(cur.node, cur.vrid, cur.t);
      close(cur, seen !== null ? Math.min(seen + HOLD_US, t.t) : t.t, false, seen);
      open.delete(k);
    }
  }
  for (const b of open.values()) {
    const seen = lastAdvert(b.node, b.vrid, b.t);
    close(b, seen !== null ? seen + HOLD_US : endUs, seen === null, seen);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where an interval's MASTER shows on the wire: its last advert, where the wire ended it. */
const advertised = (i: MasterInterval): Micros => Math.min(i.end, i.lastAdvert ?? i.end);

function chainOf(t: Transition): CauseCode[] {
  return [...t.chain, t.cause].map((c: Cause) => c.code);
}

export function findIncidents(
  transitions: Transition[],
  intervals: MasterInterval[],
  name = (n: string) => n,
  clusterOf: (node: string, vrid: number | null) => string = (_, v) => `${v}`,
  originUs = 0,
): Incident[] {
  // describeCause prints times from the trace origin: the start of the evidence.
  const rel = (c: Cause): Cause => ({
    ...c,
    t: c.t - originUs,
    lastAdvert: c.lastAdvert && { ...c.lastAdvert, t: c.lastAdvert.t - originUs },
  });
  const why = (t: Transition) => describeCause({ cause: rel(t.cause), chain: t.chain.map(rel) }, name);
  const out: Incident[] = [];
  // One virtual router: a VRID and the nodes whose VIPs overlap (another cluster on the VRID is apart).
  const routers = new Map<string, MasterInterval[]>();
  for (const i of intervals) {
    const k = `${i.vrid}|${clusterOf(i.node, i.vrid)}`;
    routers.set(k, [...(routers.get(k) ?? []), i]);
  }
  for (const iv of routers.values()) {
    const vrid = iv[0].vrid;
    // Split brains: overlapping MASTER intervals of different nodes, merged into one incident.
    const brains: {
      start: Micros;
      end: Micros;
      nodes: Set<string>;
      ev: EvidenceRef[];
      first: MasterInterval;
      second: MasterInterval;
    }[] = [];
    for (let i = 0; i < iv.length; i++)
      for (let j = i + 1; j < iv.length; j++) {
        const a = iv[i];
        const b = iv[j];
        if (a.node === b.node) continue;
        const s = Math.max(a.start, b.start);
        const e = Math.min(a.end, b.end);
        // Two masters seen advertising at once, not one of them only held past its last advert: a
        // master yielding to a preferred one (ucarp goes on for most of a second) hands over.
        if (Math.min(advertised(a), advertised(b)) - s < SPLIT_BRAIN_MIN_US) continue;
        const hit = brains.find((x) => s <= x.end && e >= x.start);
        if (hit) {
          hit.start = Math.min(hit.start, s);
          hit.end = Math.max(hit.end, e);
          hit.nodes.add(a.node).add(b.node);
        } else
          brains.push({
            start: s,
            end: e,
            nodes: new Set([a.node, b.node]),
            ev: [...a.begin.evidence.slice(0, 1), ...b.begin.evidence.slice(0, 1)],
            first: a,
            second: b,
          });
      }
    for (const b of brains) {
      const second = b.second.begin;
      out.push({
        kind: 'split-brain',
        vrid,
        start: b.start,
        end: b.end,
        from: b.first.node,
        to: b.second.node,
        // A capture's second master already has the split brain in its chain.
        chain: [...second.chain.map((c) => c.code).filter((c) => c !== 'split-brain'), 'split-brain'],
        summary: `${[...b.nodes].map(name).join(' and ')} were both MASTER of VRID ${vrid ?? '?'} for ${secondsLabel(b.end - b.start)}${b.second.open || b.first.open ? ' (until the evidence ends)' : ''}: ${describeCause({ cause: { ...second.cause, code: 'split-brain', priority: { own: 0, other: 0, otherNode: b.first.node } }, chain: [] }, name)}`,
        evidence: b.ev,
      });
    }
    const inBrain = (t: Micros) =>
      brains.some((b) => t >= b.start - SPLIT_BRAIN_MIN_US && t <= b.end + SPLIT_BRAIN_MIN_US);
    // Failovers: a node becomes MASTER after another one held the VRID.
    const failovers: Incident[] = [];
    let prev: MasterInterval | null = null;
    for (const i of iv) {
      // A node MASTER for a moment inside another's run, which held on (it heard the master again
      // and went back to BACKUP: the VRID collision's 5 ms), changed no master.
      const blip = prev !== null && i.end < prev.end && i.end - i.start < SPLIT_BRAIN_MIN_US;
      if (prev && prev.node !== i.node && !inBrain(i.start) && !blip) {
        const t = i.begin;
        const root = t.chain[0] ?? t.cause;
        failovers.push({
          kind: 'failover',
          vrid,
          start: Math.min(root.t, t.t),
          end: t.t,
          from: prev.node,
          to: i.node,
          chain: chainOf(t),
          summary: `${name(prev.node)} → ${name(i.node)}: ${why(t)}`,
          evidence: distinctEvidence([...t.chain.flatMap((c) => c.evidence), ...t.evidence]),
          transition: t,
        });
      }
      if (prev && !inBrain(i.start) && i.start - prev.end > NO_MASTER_US && prev.node !== i.node)
        out.push({
          kind: 'no-master',
          vrid,
          start: prev.end,
          end: i.start,
          from: prev.node,
          to: i.node,
          chain: [],
          summary: `VRID ${vrid ?? '?'} had no master for ${secondsLabel(i.start - prev.end)}`,
          evidence: [...prev.begin.evidence.slice(0, 1), ...i.begin.evidence.slice(0, 1)],
        });
      if (!prev || i.end >= prev.end || prev.node === i.node) prev = i;
    }
    out.push(...failovers);
    for (let i = 0; i + FLAP_COUNT - 1 < failovers.length;) {
      let j = i;
      while (j + 1 < failovers.length && failovers[j + 1].end - failovers[i].end <= FLAP_WINDOW_US) j++;
      if (j - i >= FLAP_COUNT - 1) {
        out.push({
          kind: 'flapping',
          vrid,
          start: failovers[i].start,
          end: failovers[j].end,
          from: failovers[i].from,
          to: failovers[j].to,
          chain: failovers[i].chain,
          summary: `VRID ${vrid ?? '?'} changed master ${j - i + 1} times in ${secondsLabel(failovers[j].end - failovers[i].start)}`,
          evidence: failovers.slice(i, j + 1).flatMap((f) => f.evidence.slice(0, 1)),
        });
        i = j + 1;
      } else i++;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
