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
import type { Cause, EvidenceRef } from '../trace/cause';
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

/** Words a failover's cause once endpoints can be named and rows cited. */
type CauseOf = (label: EndpointLabel, evidence: (row: number) => EvidenceRef) => Cause;

/**
 * Analyses CARP rows one at a time, as the indexer makes them, vhid by vhid (in order of first
 * appearance). Causes name endpoints, so they are worded in `finish`, once the nodes are named.
 */
export class CarpPass {
  private readonly byVhid: (CarpRouterAnalysis | undefined)[] = new Array(256);
  private readonly out: CarpRouterAnalysis[] = [];
  /** Per failover, its cause once endpoints can be labelled. */
  private readonly causes = new Map<CarpFailover, CauseOf>();

  /** Row `i` of `ix`, whatever its kind. */
  add(ix: P.PacketIndex, i: number): void {
    if (ix.kind[i] !== P.KIND_CARP || ix.flags[i] & P.FLAG_FRAGMENT) return;
    const vhid = ix.vrid[i];
    let r = this.byVhid[vhid];
    if (!r) this.out.push((r = this.byVhid[vhid] = newRouter(vhid, ix.keep(i))));
    advert(r, ix, i, this.causes);
  }

  /** The vhids once every row has been added, their failovers' causes worded with `label`, citing rows with `evidence`. */
  finish(label: EndpointLabel, evidence: (row: number) => EvidenceRef): CarpRouterAnalysis[] {
    for (const [f, cause] of this.causes) f.cause = cause(label, evidence);
    this.causes.clear();
    return this.out;
  }
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

function advert(
  r: CarpRouterAnalysis,
  ix: P.PacketIndex,
  i: number,
  causes: Map<CarpFailover, CauseOf>,
): void {
  const t = ix.tUs[i];
  const src = ix.source[i];
  const advbase = ix.intervalCs[i] / 100;
  const advskew = ix.prio[i];
  const demote = ix.demote[i];
  r.adverts++;
  if (!r.timings.has(src)) r.timings.set(src, ix.keep(i));
  if (!r.advbases.has(advbase)) r.advbases.set(advbase, ix.keep(i));
  if (demote > 0 && !r.demotions.has(src)) r.demotions.set(src, ix.keep(i));
  if (ix.flags[i] & P.FLAG_CK_BAD && r.badChecksum.count++ === 0) r.badChecksum.row = ix.keep(i);
  const cur = r.runs.length > 0 ? r.runs[r.runs.length - 1] : null;
  if (cur && cur.source === src) {
    cur.lastRow = ix.follow(cur.lastRow, i);
    cur.toUs = t;
    cur.adverts++;
    if (!cur.advskews.includes(advskew)) cur.advskews.push(advskew);
    if (!cur.demotes.includes(demote)) cur.demotes.push(demote);
  } else {
    if (cur) {
      const [f, cause] = failover(r, cur, src, { advbase, advskew, demote }, t, ix.keep(i));
      r.failovers.push(f);
      causes.set(f, cause);
    }
    r.runs.push({
      source: src,
      firstRow: ix.keep(i),
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

/**
 * The failover into `to`'s run at row `row`, and its cause to word once endpoints can be named
 * (the failover's own `cause` holds the code until then).
 */
function failover(
  r: CarpRouterAnalysis,
  prev: CarpRun,
  to: number,
  now: { advbase: number; advskew: number; demote: number },
  t: Micros,
  row: number,
): [CarpFailover, CauseOf] {
  const old = r.sources.get(prev.source)!;
  const gapUs = t - prev.toUs;
  const oldIntervalUs = carpIntervalUs(old.advbase, old.advskew);
  const newIntervalUs = carpIntervalUs(now.advbase, now.advskew);
  const from = prev.source;
  // The other still advertised within 1.5 of its intervals: both advertise at once.
  const prior = r.sources.get(to);
  const bothAdvertise =
    prior !== undefined && t - prior.lastUs <= 1.5 * carpIntervalUs(prior.advbase, prior.advskew);
  const code: Cause['code'] =
    old.demote > 0 && gapUs < 2 * oldIntervalUs
      ? 'demoted'
      : gapUs >= 2 * oldIntervalUs
        ? 'master-down-timer'
        : // Seen in every ucarp preemption (captures/carp/): the less preferred master sends one more
          // advert before it hears the preferred one. Two masters that keep alternating are a split brain.
          !(bothAdvertise && preference(now) >= preference(old)) && preference(now) < preference(old)
          ? 'higher-priority'
          : 'unknown-from-capture';
  const cause: CauseOf = (label, cite) => {
    const evidence = [cite(row)];
    const node = label(to);
    const skews = `advbase ${now.advbase} advskew ${now.advskew} against ${label(from)}'s advbase ${old.advbase} advskew ${old.advskew}`;
    switch (code) {
      case 'demoted':
        return { code, t, node: label(from), detail: `CARP demotion counter ${old.demote}`, evidence };
      case 'master-down-timer':
        return {
          code,
          t,
          node,
          lastAdvert: { t: prev.toUs, from: label(from) },
          mdiUs: CARP_DEAD_RATIO * newIntervalUs,
          silence: 'silent',
          detail: `CARP: no advertisement for ${CARP_DEAD_RATIO} intervals`,
          evidence,
        };
      case 'higher-priority':
        return { code, t, node, detail: `CARP: more frequent advertisement (${skews})`, evidence };
      default:
        return {
          code: 'unknown-from-capture',
          t,
          node,
          detail: bothAdvertise
            ? `both advertise at once, ${skews}: a preemption overlap or a split brain`
            : skews,
          evidence,
        };
    }
  };
  return [{ atUs: t, row, from, to, gapUs, cause: { code, t, evidence: [] } }, cause];
}
