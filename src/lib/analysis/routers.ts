/**
 * One pass over the packet index that finds, per virtual router (VRID and family), its master runs,
 * failovers and the raw material of anomalies. A master run is a maximal sequence of consecutive
 * adverts for the VRID with priority > 0 from one source (issue 4); a priority-0 advert from the
 * run's source ends it (§2.8, §2.10).
 */
import type { Family } from '../trace/types';
import * as P from './packet-index';

export interface Run {
  source: number;
  firstRow: number;
  lastRow: number;
  fromUs: number;
  toUs: number;
  adverts: number;
  priorities: number[];
  /**
   * Adverts within BURST_US of the run's first, that one included: more than one when the source
   * answered adverts that had queued on its socket, as a master woken by SIGCONT does (sigstop.pcap: 6).
   */
  burst: number;
}

/** A master answers a queued advert within a read of its socket: well under a millisecond. */
export const BURST_US = 10_000;

export type FailoverCause =
  'priority-0' | 'silence' | 'higher-priority' | 'tie-break' | 'split-brain' | 'lower-priority';

export interface Failover {
  atUs: number;
  row: number;
  from: number;
  to: number;
  gapUs: number;
  cause: FailoverCause;
  /**
   * The new source never stopped advertising as master (split brain, §8.2): its run only interleaves
   * with another master's, so it is no takeover and owes no gratuitous ARPs.
   */
  repeat: boolean;
}

/** Advert jitter (actual minus advertised interval) histogram bin edges, in ms. */
export const JITTER_EDGES_MS = [-50, -10, -1, 1, 10, 50, 100, 500];

export interface PerSource {
  /** The endpoint id (the key of `RouterAnalysis.sources`). */
  id: number;
  lastUs: number;
  lastPrio: number;
  intervalCs: number;
  /** Time of the last priority-0 advert, or -1. */
  resignedUs: number;
  inRun: boolean;
}

export interface RouterAnalysis {
  key: number;
  vrid: number;
  family: Family;
  versions: number[];
  /** VIP-set ids in order of appearance, with the first row that carried each. */
  vipSets: Map<number, number>;
  sources: Map<number, PerSource>;
  /** First row of each distinct interval / version / auth, per kind. */
  intervals: Map<number, number>;
  auths: Map<number, number>;
  /** Per source, the first advert with keepalived 2.4's auth_hmac trailer, and the first without. */
  withTrailer: Map<number, number>;
  withoutTrailer: Map<number, number>;
  versionRows: Map<number, number>;
  runs: Run[];
  failovers: Failover[];
  /** Rows of priority-0 adverts. */
  resigns: number[];
  jitter: number[];
  /** Adverts more than half an interval late, and the first of them. */
  late: number;
  lateRow: number;
  worstLateUs: number;
  ttlBad: Map<number, { row: number; count: number; ttl: number }>;
  badChecksum: { row: number; count: number };
  owner255: Map<number, number>;
  adverts: number;
  /** Latest advert time seen in this router (µs): the max of its sources' `lastUs`, -1 before any. */
  latestUs: number;
}

function newRouter(key: number, vrid: number, family: Family): RouterAnalysis {
  return {
    key,
    vrid,
    family,
    versions: [],
    vipSets: new Map(),
    sources: new Map(),
    intervals: new Map(),
    auths: new Map(),
    withTrailer: new Map(),
    withoutTrailer: new Map(),
    versionRows: new Map(),
    runs: [],
    failovers: [],
    resigns: [],
    jitter: new Array(JITTER_EDGES_MS.length + 1).fill(0),
    late: 0,
    lateRow: -1,
    worstLateUs: 0,
    ttlBad: new Map(),
    badChecksum: { row: -1, count: 0 },
    owner255: new Map(),
    adverts: 0,
    latestUs: -1,
  };
}

/**
 * Compares the addresses of two endpoints as unsigned bytes (keepalived's tie-break, §2.6.1): > 0
 * when `a` is higher, 0 for the same address (whatever the MACs).
 */
export type AddressCompare = (a: number, b: number) => number;

/**
 * Analyses VRRP rows one at a time, as the indexer makes them, router by router (in order of first
 * appearance). Rows the analysis cites are kept in the index (`keep`, `follow`); the others may be
 * dropped once analysed, so the pass needs no more than the row being analysed.
 */
export class RouterPass {
  private readonly byKey: (RouterAnalysis | undefined)[] = new Array(512);
  readonly routers: RouterAnalysis[] = [];
  // Per router, the last version / VIP set / interval / auth seen: a repeat needs no map lookup.
  private readonly seen = new Int32Array(512 * SEEN_FIELDS).fill(-1);
  private readonly lastSourceId = new Int32Array(512).fill(-1);
  private readonly lastSource: (PerSource | undefined)[] = new Array(512);
  /** Per router, its last advert's source × 2 + trailer bit: a repeat is in its trailer map already. */
  private readonly lastTrailer = new Int32Array(512).fill(-1);

  constructor(private readonly compare: AddressCompare) {}

  /** Row `i` of `ix`, whatever its kind. */
  add(ix: P.PacketIndex, i: number): void {
    // A fragment is no advert (keepalived never fragments one): indexed for the packet list only.
    if (ix.kind[i] !== P.KIND_VRRP || ix.flags[i] & P.FLAG_FRAGMENT) return;
    const v6 = (ix.flags[i] & P.FLAG_IPV6) !== 0;
    const key = ix.vrid[i] | (v6 ? 256 : 0);
    let r = this.byKey[key];
    if (!r) this.routers.push((r = this.byKey[key] = newRouter(key, ix.vrid[i], v6 ? 'ipv6' : 'ipv4')));
    const trailer = ix.source[i] * 2 + (ix.trailer[i] ? 1 : 0);
    if (this.lastTrailer[key] !== trailer) {
      firstSeen(ix.trailer[i] ? r.withTrailer : r.withoutTrailer, ix.source[i], ix, i);
      this.lastTrailer[key] = trailer;
    }
    advert(r, ix, i, this.compare, this.seen, this.lastSourceId, this.lastSource);
  }

  /** The routers once every row has been added. */
  finish(): RouterAnalysis[] {
    for (const r of this.routers) labelSplitBrain(r.failovers);
    return this.routers;
  }
}

const SEEN_FIELDS = 4;

/**
 * Two masters that keep interleaving (each change a repeat, and the next one hands back to the
 * same source) are a split brain, whatever their priorities say (§8.2). The last repeat keeps its
 * cause: there the dual mastership ends (the other yields to a higher priority or loses the
 * address tie-break, §2.6.1).
 */
function labelSplitBrain(failovers: Failover[]): void {
  for (let k = 0; k + 1 < failovers.length; k++) {
    const f = failovers[k];
    const next = failovers[k + 1];
    if (f.repeat && next.repeat && next.to === f.from) f.cause = 'split-brain';
  }
}

function firstSeen<K>(m: Map<K, number>, k: K, ix: P.PacketIndex, row: number): void {
  if (!m.has(k)) m.set(k, ix.keep(row));
}

function advert(
  r: RouterAnalysis,
  ix: P.PacketIndex,
  i: number,
  compare: AddressCompare,
  seen: Int32Array,
  lastSourceId: Int32Array,
  lastSource: (PerSource | undefined)[],
): void {
  const t = ix.tUs[i];
  const src = ix.source[i];
  const prio = ix.prio[i];
  const version = ix.flags[i] & P.FLAG_V3 ? 3 : 2;
  r.adverts++;
  const at = r.key * SEEN_FIELDS;
  if (seen[at] !== version) {
    seen[at] = version;
    if (!r.versions.includes(version)) r.versions.push(version);
    firstSeen(r.versionRows, version, ix, i);
  }
  if (seen[at + 1] !== ix.vips[i]) firstSeen(r.vipSets, (seen[at + 1] = ix.vips[i]), ix, i);
  if (seen[at + 2] !== ix.intervalCs[i]) firstSeen(r.intervals, (seen[at + 2] = ix.intervalCs[i]), ix, i);
  if (version === 2 && seen[at + 3] !== ix.auth[i]) firstSeen(r.auths, (seen[at + 3] = ix.auth[i]), ix, i);
  if (ix.ttl[i] !== 255) {
    const b = r.ttlBad.get(src);
    if (b) b.count++;
    else r.ttlBad.set(src, { row: ix.keep(i), count: 1, ttl: ix.ttl[i] });
  }
  if (ix.flags[i] & P.FLAG_CK_BAD) {
    if (r.badChecksum.count++ === 0) r.badChecksum.row = ix.keep(i);
  }
  if (prio === 255) firstSeen(r.owner255, src, ix, i);
  // Adverts of a router mostly come from its current master: remember the last sender's state.
  let s =
    lastSource[r.key] !== undefined && lastSourceId[r.key] === src ? lastSource[r.key] : r.sources.get(src);
  if (!s)
    r.sources.set(
      src,
      (s = { id: src, lastUs: -1, lastPrio: -1, intervalCs: ix.intervalCs[i], resignedUs: -1, inRun: false }),
    );
  const cur = r.runs.length > 0 ? r.runs[r.runs.length - 1] : null;
  if (prio === 0) {
    r.resigns.push(ix.keep(i));
    s.resignedUs = t;
    if (cur && cur.source === src) s.inRun = false;
  } else {
    if (cur && cur.source === src && s.inRun) {
      jitter(r, s, t, ix, i);
      // The last advert before a priority change stays: a later takeover cites it as the last advert
      // the backup accepted (capture-masters' lastAcceptedRow), which a streamed capture must still hold.
      if (prio !== s.lastPrio && cur.lastRow >= 0) ix.keep(cur.lastRow);
      cur.lastRow = ix.follow(cur.lastRow, i);
      cur.toUs = t;
      cur.adverts++;
      if (t - cur.fromUs < BURST_US) cur.burst++;
      // The source's last advert was in this run: its priority is listed already.
      if (prio !== s.lastPrio && !cur.priorities.includes(prio)) cur.priorities.push(prio);
    } else {
      if (cur) {
        const old = r.sources.get(cur.source);
        if (old) old.inRun = false;
        // The same address again (resuming after priority 0, or another MAC) is no failover.
        if (compare(cur.source, src) !== 0)
          r.failovers.push(failover(r, cur, src, prio, t, ix.keep(i), compare));
      }
      r.runs.push({
        source: src,
        firstRow: ix.keep(i),
        lastRow: i,
        fromUs: t,
        toUs: t,
        adverts: 1,
        priorities: [prio],
        burst: 1,
      });
      s.inRun = true;
    }
  }
  lastSourceId[r.key] = src;
  lastSource[r.key] = s;
  s.lastUs = t;
  if (t > r.latestUs) r.latestUs = t;
  s.lastPrio = prio;
  s.intervalCs = ix.intervalCs[i] || s.intervalCs;
}

function jitter(r: RouterAnalysis, s: PerSource, t: number, ix: P.PacketIndex, row: number): void {
  const expected = s.intervalCs * 10_000;
  const d = t - s.lastUs - expected;
  const ms = d / 1000;
  let bin = 0;
  while (bin < JITTER_EDGES_MS.length && ms >= JITTER_EDGES_MS[bin]) bin++;
  r.jitter[bin]++;
  // Late: more than half an interval past due (a backup gives up after 3 intervals plus skew, §2.2).
  if (expected > 0 && d > expected / 2) {
    if (r.late++ === 0) r.lateRow = ix.keep(row);
    r.worstLateUs = Math.max(r.worstLateUs, d);
  }
}

function failover(
  r: RouterAnalysis,
  prev: Run,
  to: number,
  prio: number,
  t: number,
  row: number,
  compare: AddressCompare,
): Failover {
  const old = r.sources.get(prev.source)!;
  // Since the old master's last advert: its priority-0 one when it resigned (§2.10).
  const resigned = old.resignedUs >= prev.toUs && old.resignedUs <= t;
  const gapUs = t - (resigned ? old.resignedUs : prev.toUs);
  // Already master: its last advert (priority > 0, so part of an earlier run) is within 1.5 of its
  // intervals — it kept advertising through the other's run, one of two masters at once (§8.2).
  const s = r.sources.get(to);
  const repeat =
    s !== undefined &&
    s.lastUs >= 0 &&
    s.lastPrio > 0 &&
    t - s.lastUs <= 1.5 * Math.max(s.intervalCs, 1) * 10_000;
  // Two backups whose timers ran out together (startup race, §8.8): both follow the same silence.
  const before = r.runs.length > 1 ? r.runs[r.runs.length - 2] : null;
  // Silence is a gap of at least 2 intervals (README), never a takeover within one.
  if (
    before &&
    gapUs >= 2 * Math.max(old.intervalCs, 1) * 10_000 &&
    prev.adverts === 1 &&
    t - prev.fromUs < Math.max(old.intervalCs, 1) * 10_000 &&
    prev.fromUs - before.toUs >= 2 * Math.max(old.intervalCs, 1) * 10_000
  )
    return { atUs: t, row, from: prev.source, to, gapUs, cause: 'silence', repeat };
  const intervalUs = Math.max(old.intervalCs, 1) * 10_000;
  const oldPrio = old.lastPrio > 0 ? old.lastPrio : prev.priorities[prev.priorities.length - 1];
  let cause: FailoverCause;
  if (resigned) cause = 'priority-0';
  else if (prio > oldPrio && gapUs < 2 * intervalUs) cause = 'higher-priority';
  else if (gapUs >= 2 * intervalUs) cause = 'silence';
  else if (prio === oldPrio) cause = compare(to, prev.source) > 0 ? 'tie-break' : 'split-brain';
  else cause = prio < oldPrio ? 'split-brain' : 'higher-priority';
  return { atUs: t, row, from: prev.source, to, gapUs, cause, repeat };
}
