/**
 * Adverts as "stretches of advertising": per VRID and source, maximal runs of priority > 0 adverts
 * with no gap longer than `STRETCH_GAP_INTERVALS` advert intervals. The fidelity tests compare the real daemon's
 * stretches (read from a recording with tshark, the oracle) with the simulator's.
 */
import { canonicalIP } from '../../src/lib/net/address';
import type { Trace } from '../../src/lib/trace/types';
import { tsharkFields } from '../unit/pcap/capture-files';

export interface Advert {
  /** Seconds since the first packet (captures) or since virtual time 0 (simulation). */
  t: number;
  vrid: number;
  source: string;
  priority: number;
  /** The advertised interval in seconds. */
  intervalS: number;
}

export interface Stretch {
  vrid: number;
  source: string;
  /** Time of the first and last advert, seconds. */
  start: number;
  end: number;
  adverts: number;
  /** The advertised priorities in order, consecutive repeats collapsed (e.g. [100, 98]). */
  priorities: number[];
}

function canonical(ip: string): string {
  return canonicalIP(ip) ?? ip.toLowerCase();
}

/** Every VRRP advert of a capture, decoded by tshark (Wireshark's dissector is the oracle here). */
export function captureAdverts(file: string): Advert[] {
  const rows = tsharkFields(file, [
    'frame.time_relative',
    'vrrp.virt_rtr_id',
    'ip.src',
    'ipv6.src',
    'vrrp.prio',
    'vrrp.version',
    'vrrp.adver_int',
    'vrrp.short_adver_int',
  ]);
  return rows
    .filter((r) => r[1] !== '')
    .map(([t, vrid, src4, src6, prio, version, int2, int3]) => ({
      t: Number(t),
      vrid: Number(vrid),
      source: canonical(src4 || src6),
      priority: Number(prio),
      intervalS: version === '3' ? Number(int3) / 100 : Number(int2),
    }));
}

/** The adverts a simulation sent, in seconds of virtual time. */
export function traceAdverts(trace: Trace): Advert[] {
  return trace.packets
    .filter((p) => p.type === 'vrrp' && p.vrrp !== undefined)
    .map((p) => ({
      t: p.t / 1e6,
      vrid: p.vrrp!.vrid,
      source: canonical(p.src),
      priority: p.vrrp!.priority,
      intervalS: p.vrrp!.advertIntervalCs / 100,
    }));
}

/** Priority-0 adverts (a master's graceful stop or fault, §2.8, §2.10). */
export function zeroAdverts(adverts: readonly Advert[]): Advert[] {
  return adverts.filter((a) => a.priority === 0);
}

/** Adverts closer than this to the previous one from the same sender form a burst. */
export const BURST_GAP_S = 0.01;

export interface Burst {
  vrid: number;
  source: string;
  /** The first advert of the burst. */
  t: number;
  /** Adverts in the burst, the first included. */
  adverts: number;
}

function senderKey(a: { vrid: number; source: string }): string {
  return `${a.vrid}|${a.source}`;
}

/**
 * Bursts: several adverts from one sender within `BURST_GAP_S` of each other (a master answering
 * several queued lower-priority adverts at once, §2.6, §8.2). Regular cadence never does that.
 */
export function bursts(adverts: readonly Advert[]): Burst[] {
  const last = new Map<string, Burst & { prevT: number }>();
  const out: (Burst & { prevT: number })[] = [];
  for (const a of [...adverts].sort((x, y) => x.t - y.t)) {
    if (a.priority === 0) continue;
    const k = senderKey(a);
    const b = last.get(k);
    if (b && a.t - b.prevT <= BURST_GAP_S) {
      b.adverts += 1;
      b.prevT = a.t;
    } else {
      const nb = { vrid: a.vrid, source: a.source, t: a.t, adverts: 1, prevT: a.t };
      last.set(k, nb);
      out.push(nb);
    }
  }
  return out
    .filter((b) => b.adverts > 1)
    .map(({ vrid, source, t, adverts: n }) => ({ vrid, source, t, adverts: n }));
}

/** The adverts with every burst collapsed to its first advert (the cadence alone). */
export function collapseBursts(adverts: readonly Advert[]): Advert[] {
  const prev = new Map<string, number>();
  const out: Advert[] = [];
  for (const a of [...adverts].sort((x, y) => x.t - y.t)) {
    const k = `${senderKey(a)}|${a.priority === 0 ? 0 : 1}`;
    const p = prev.get(k);
    prev.set(k, a.t);
    if (a.priority !== 0 && p !== undefined && a.t - p <= BURST_GAP_S) continue;
    out.push(a);
  }
  return out;
}

/**
 * A gap that ends a stretch, in advert intervals. Any packet a master receives for its VRID pushes
 * its next advert to now + interval (§2.11), so a gap of up to two intervals is still one stretch;
 * losing mastership costs at least a Master_Down_Interval (3 intervals + skew).
 */
export const STRETCH_GAP_INTERVALS = 2.5;

/** Stretches of advertising per VRID and source, sorted by start. */
export function stretches(adverts: readonly Advert[]): Stretch[] {
  const bySender = new Map<string, Advert[]>();
  for (const a of adverts) {
    if (a.priority === 0) continue;
    const key = `${a.vrid}|${a.source}`;
    const list = bySender.get(key) ?? [];
    list.push(a);
    bySender.set(key, list);
  }
  const out: Stretch[] = [];
  for (const list of bySender.values()) {
    list.sort((a, b) => a.t - b.t);
    let cur: Stretch | null = null;
    let prevT = -Infinity;
    for (const a of list) {
      if (!cur || a.t - prevT > STRETCH_GAP_INTERVALS * a.intervalS) {
        cur = { vrid: a.vrid, source: a.source, start: a.t, end: a.t, adverts: 0, priorities: [] };
        out.push(cur);
      }
      cur.end = a.t;
      cur.adverts += 1;
      if (cur.priorities[cur.priorities.length - 1] !== a.priority) cur.priorities.push(a.priority);
      prevT = a.t;
    }
  }
  return out.sort((a, b) => a.start - b.start || a.vrid - b.vrid);
}

/**
 * A startup race (§8.8): a one-advert stretch overridden within `windowS` by a higher-priority
 * advert for the same VRID from another source. Which node's process finishes initialising first
 * is a matter of scheduling (tens to hundreds of ms on a loaded machine), so such a blip may or
 * may not happen in either world.
 */
export function isStartupRace(s: Stretch, all: readonly Advert[], windowS = 0.5): boolean {
  if (s.adverts !== 1) return false;
  return all.some(
    (a) =>
      a.vrid === s.vrid &&
      a.source !== s.source &&
      a.t >= s.start &&
      a.t - s.start <= windowS &&
      a.priority > s.priorities[0],
  );
}

export function describe(s: Stretch): string {
  return `VRID ${s.vrid} from ${s.source}: ${s.start.toFixed(3)}–${s.end.toFixed(3)} s, ${s.adverts} adverts, priorities ${s.priorities.join('→')}`;
}

/**
 * Compares stretches (bursts collapsed, see `bursts`), ignoring startup-race blips on either side.
 * Returns one line per disagreement (empty when the simulation matches): the same stretches per
 * VRID and source, each starting within `toleranceS` of the real one, with the same priority
 * sequence and the same number of adverts (±1: a stretch may end just before or after the capture).
 */
export function compareStretches(
  real: readonly Advert[],
  sim: readonly Advert[],
  toleranceS = 0.5,
  untilS = Infinity,
): string[] {
  const keep = (list: readonly Advert[]): Stretch[] =>
    stretches(collapseBursts(list.filter((a) => a.t <= untilS))).filter(
      (s) => !isStartupRace(s, list, toleranceS),
    );
  const r = keep(real);
  const s = keep(sim);
  const problems: string[] = [];
  const keys = new Set([...r, ...s].map((x) => `${x.vrid}|${x.source}`));
  for (const key of [...keys].sort()) {
    const rs = r.filter((x) => `${x.vrid}|${x.source}` === key);
    const ss = s.filter((x) => `${x.vrid}|${x.source}` === key);
    const n = Math.max(rs.length, ss.length);
    for (let i = 0; i < n; i++) {
      const a = rs[i];
      const b = ss[i];
      if (!a) problems.push(`extra simulated stretch: ${describe(b)}`);
      else if (!b) problems.push(`missing stretch: real ${describe(a)}`);
      else {
        if (Math.abs(a.start - b.start) > toleranceS)
          problems.push(
            `start differs by ${(b.start - a.start).toFixed(3)} s: real ${describe(a)}; simulated ${describe(b)}`,
          );
        if (a.priorities.join() !== b.priorities.join())
          problems.push(`priorities differ: real ${describe(a)}; simulated ${describe(b)}`);
        if (Math.abs(a.adverts - b.adverts) > 1)
          problems.push(`advert count differs: real ${describe(a)}; simulated ${describe(b)}`);
      }
    }
  }
  return problems;
}

/**
 * Priority-0 adverts (graceful stop, FAULT): the same number per VRID and source, each within
 * `toleranceS` of the real one. One line per disagreement.
 */
export function compareZeroAdverts(
  real: readonly Advert[],
  sim: readonly Advert[],
  toleranceS = 0.5,
  untilS = Infinity,
): string[] {
  const r = zeroAdverts(real).filter((a) => a.t <= untilS);
  const s = zeroAdverts(sim).filter((a) => a.t <= untilS);
  const fmt = (a: Advert): string => `VRID ${a.vrid} from ${a.source} at ${a.t.toFixed(3)} s`;
  const problems: string[] = [];
  const used = new Set<number>();
  for (const a of r) {
    const i = s.findIndex(
      (b, j) => !used.has(j) && senderKey(a) === senderKey(b) && Math.abs(a.t - b.t) <= toleranceS,
    );
    if (i < 0) problems.push(`missing priority-0 advert: real ${fmt(a)}`);
    else used.add(i);
  }
  s.forEach((b, j) => {
    if (!used.has(j)) problems.push(`extra simulated priority-0 advert: ${fmt(b)}`);
  });
  return problems;
}

/** The startup-race blips of a list of adverts (see `isStartupRace`). */
export function startupRaces(adverts: readonly Advert[], windowS = 0.5): Stretch[] {
  return stretches(adverts).filter((s) => isStartupRace(s, adverts, windowS));
}
