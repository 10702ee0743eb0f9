/**
 * CARP virtual hosts in a capture (one per vhid): master runs, failovers with their cause from the
 * cause model (trace/cause.ts), and what CARP's own semantics make anomalous.
 *
 * CARP semantics (OpenBSD/FreeBSD carp(4), ucarp): the master is the node that advertises; a node
 * advertises every advbase + advskew/256 s; the most frequent advertiser (lowest advbase, then lowest
 * advskew) wins; a demotion counter above 0 means the node demoted itself; a backup takes over after
 * 3 intervals of silence. CARP adverts carry no addresses: the vhid alone names the group.
 */
import { CARP_DEAD_RATIO } from '../carp/constants';
import { carpIntervalUs } from '../carp/wire';
import type { Cause } from '../trace/cause';
import type { Micros } from '../trace/time';
import * as P from './packet-index';

export interface CarpRun {
  source: number;
  firstRow: number;
  lastRow: number;
  fromUs: Micros;
  toUs: Micros;
  adverts: number;
  advbase: number;
  /** Distinct advskew values, in order of appearance. */
  advskews: number[];
  /** Distinct demotion counters, in order of appearance. */
  demotes: number[];
}

export interface CarpFailover {
  atUs: Micros;
  row: number;
  from: number;
  to: number;
  /** Since the old master's last advert. */
  gapUs: Micros;
  cause: Cause;
}

interface CarpSource {
  lastUs: Micros;
  advbase: number;
  advskew: number;
  demote: number;
}

export interface CarpRouterAnalysis {
  vhid: number;
  runs: CarpRun[];
  failovers: CarpFailover[];
  sources: Map<number, CarpSource>;
  /** First row of each source's (advbase, advskew), to find equal skews. */
  timings: Map<number, number>;
  /** First row of each advbase. */
  advbases: Map<number, number>;
  /** Per source, its first advert with a demotion counter above 0. */
  demotions: Map<number, number>;
  badChecksum: { row: number; count: number };
  adverts: number;
  /** Row of the first advert. */
  firstRow: number;
}

/** Names an endpoint for a cause (its address, or its node name). */
export type EndpointLabel = (id: number) => string;

/** Analyses every CARP row of the index, vhid by vhid (in order of first appearance). */
export function analyseCarp(ix: P.PacketIndex, label: EndpointLabel): CarpRouterAnalysis[] {
  const byVhid: (CarpRouterAnalysis | undefined)[] = new Array(256);
  const out: CarpRouterAnalysis[] = [];
  for (let i = 0; i < ix.length; i++) {
    if (ix.kind[i] !== P.KIND_CARP || ix.flags[i] & P.FLAG_FRAGMENT) continue;
    const vhid = ix.vrid[i];
    let r = byVhid[vhid];
    if (!r) out.push((r = byVhid[vhid] = newRouter(vhid, i)));
    advert(r, ix, i, label);
  }
  return out;
}

function newRouter(vhid: number, firstRow: number): CarpRouterAnalysis {
  return {
    vhid,
    runs: [],
    failovers: [],
    sources: new Map(),
    timings: new Map(),
    advbases: new Map(),
    demotions: new Map(),
    badChecksum: { row: -1, count: 0 },
    adverts: 0,
    firstRow,
  };
}

function advert(r: CarpRouterAnalysis, ix: P.PacketIndex, i: number, label: EndpointLabel): void {
  const t = ix.tUs[i];
  const src = ix.source[i];
  const advbase = ix.intervalCs[i] / 100;
  const advskew = ix.prio[i];
  const demote = ix.demote[i];
  r.adverts++;
  if (!r.timings.has(src)) r.timings.set(src, i);
  if (!r.advbases.has(advbase)) r.advbases.set(advbase, i);
  if (demote > 0 && !r.demotions.has(src)) r.demotions.set(src, i);
  if (ix.flags[i] & P.FLAG_CK_BAD && r.badChecksum.count++ === 0) r.badChecksum.row = i;
  const cur = r.runs.length > 0 ? r.runs[r.runs.length - 1] : null;
  if (cur && cur.source === src) {
    cur.lastRow = i;
    cur.toUs = t;
    cur.adverts++;
    if (!cur.advskews.includes(advskew)) cur.advskews.push(advskew);
    if (!cur.demotes.includes(demote)) cur.demotes.push(demote);
  } else {
    if (cur) r.failovers.push(failover(r, cur, src, { advbase, advskew, demote }, t, i, label));
    r.runs.push({
      source: src,
      firstRow: i,
      lastRow: i,
      fromUs: t,
      toUs: t,
      adverts: 1,
      advbase,
      advskews: [advskew],
      demotes: [demote],
    });
  }
  r.sources.set(src, { lastUs: t, advbase, advskew, demote });
}

/** (demote, advbase, advskew) compared as FreeBSD's carp_input does: lower is preferred. */
function preference(s: { advbase: number; advskew: number; demote: number }): number {
  return s.demote * 2 ** 24 + carpIntervalUs(s.advbase, s.advskew);
}

function failover(
  r: CarpRouterAnalysis,
  prev: CarpRun,
  to: number,
  now: { advbase: number; advskew: number; demote: number },
  t: Micros,
  row: number,
  label: EndpointLabel,
): CarpFailover {
  const old = r.sources.get(prev.source)!;
  const gapUs = t - prev.toUs;
  const oldIntervalUs = carpIntervalUs(old.advbase, old.advskew);
  const newIntervalUs = carpIntervalUs(now.advbase, now.advskew);
  const evidence = [{ kind: 'packet' as const, t, source: to, packet: row }];
  const node = label(to);
  const skews = `advbase ${now.advbase} advskew ${now.advskew} against ${label(prev.source)}'s advbase ${old.advbase} advskew ${old.advskew}`;
  // The other still advertised within 1.5 of its intervals: both advertise at once.
  const prior = r.sources.get(to);
  const bothAdvertise =
    prior !== undefined && t - prior.lastUs <= 1.5 * carpIntervalUs(prior.advbase, prior.advskew);
  let cause: Cause;
  if (old.demote > 0 && gapUs < 2 * oldIntervalUs)
    cause = {
      code: 'demoted',
      t,
      node: label(prev.source),
      detail: `CARP demotion counter ${old.demote}`,
      evidence,
    };
  else if (gapUs >= 2 * oldIntervalUs)
    cause = {
      code: 'master-down-timer',
      t,
      node,
      lastAdvert: { t: prev.toUs, from: label(prev.source), packet: prev.lastRow },
      mdiUs: CARP_DEAD_RATIO * newIntervalUs,
      silence: 'silent',
      detail: `CARP: no advertisement for ${CARP_DEAD_RATIO} intervals`,
      evidence,
    };
  else if (bothAdvertise && preference(now) >= preference(old))
    // Seen in every ucarp preemption (captures/carp/): the less preferred master sends one more
    // advert before it hears the preferred one. Two masters that keep alternating are a split brain.
    cause = {
      code: 'unknown-from-capture',
      t,
      node,
      detail: `both advertise at once, ${skews}: a preemption overlap or a split brain`,
      evidence,
    };
  else if (preference(now) < preference(old))
    cause = {
      code: 'higher-priority',
      t,
      node,
      detail: `CARP: more frequent advertisement (${skews})`,
      evidence,
    };
  else cause = { code: 'unknown-from-capture', t, node, detail: skews, evidence };
  return { atUs: t, row, from: prev.source, to, gapUs, cause };
}
