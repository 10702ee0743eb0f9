/**
 * The summary report of `vrrpscope analyze --json` (issue 4's exact shape), computed from the
 * packet index and the per-router pass. Times are seconds since the file's first packet (Wireshark's
 * frame.time_relative), rounded to µs.
 */
import { plural } from '../text/plural';
import type { Diagnostic } from '../trace/diagnostic';
import { toSeconds } from '../trace/time';
import type { Family } from '../trace/types';
import type { Names } from './endpoints';
import * as P from './packet-index';
import { JITTER_EDGES_MS, type RouterAnalysis } from './routers';
import type { CaptureMasters } from './capture-masters';
import { dualPeriods, minDualMasterUs, type DualMaster } from '../trace/masters';
import { describeCause, type Cause } from '../trace/cause';

/** Which protocol on IP protocol 112 a virtual router speaks. */
export type Protocol112 = 'vrrp' | 'carp';

export interface MasterRunReport {
  source: string;
  /** The source's node name from `--hosts` / `--config`, or null when unknown (an addition to issue 4's shape). */
  node: string | null;
  from: number;
  to: number;
  adverts: number;
  /** VRRP priorities (empty for CARP, which has none). */
  priorities: number[];
  /** CARP: advbase (s), the advskews and demotion counters seen, in order of appearance. */
  advbase?: number;
  advskews?: number[];
  demotes?: number[];
}

export interface FailoverReport {
  /** The new master's first advert. */
  at: number;
  from: string;
  /** Node name of `from` (hosts / keepalived.conf), or null. */
  fromNode: string | null;
  to: string;
  /** Node name of `to`, or null. */
  toNode: string | null;
  /** Seconds since the old master's last advert. */
  gap: number;
  /** A code of the cause model (trace/cause.ts): the new master's reason. */
  cause: string;
  /** describeCause's sentence for the cause and its chain. */
  why?: string;
}

export interface RouterReport {
  protocol: Protocol112;
  /** The VRID, or for CARP the vhid. */
  vrid: number;
  family: Family;
  versions: number[];
  virtualAddresses: string[];
  masters: MasterRunReport[];
  failovers: FailoverReport[];
}

export interface AnomalyReport {
  code: string;
  at: number;
  vrid: number;
  protocol: Protocol112;
  message: string;
}

/** What `analyze --json` prints. */
export interface AnalyzeReport {
  file: string;
  format: 'pcap' | 'pcapng' | null;
  /** libpcap names (`EN10MB`). */
  linkTypes: string[];
  /** Seconds since the Unix epoch of the first packet (null for an empty capture). */
  epochStart: number | null;
  packets: number;
  vrrpPackets: number;
  /** CARP adverts (told from VRRP as `tshark -o ip.try_heuristic_first:TRUE` does). */
  carpPackets: number;
  routers: RouterReport[];
  anomalies: AnomalyReport[];
  diagnostics: Diagnostic[];
}

/** µs → seconds rounded to µs. */
export const sec = (us: number): number => toSeconds(Math.round(us));

export function routerReport(r: RouterAnalysis, names: Names, masters: CaptureMasters): RouterReport {
  return {
    protocol: 'vrrp',
    vrid: r.vrid,
    family: r.family,
    versions: [...r.versions].sort(),
    virtualAddresses: routerVips(r, names),
    masters: r.runs.map((m) => ({
      source: names.endpoint(m.source).address,
      node: names.node(m.source),
      from: sec(m.fromUs),
      to: sec(m.toUs),
      adverts: m.adverts,
      priorities: m.priorities,
    })),
    // Changes of master (trace/masters.ts's rule): a split brain's interleaving is none.
    failovers: masters.changes.map((f) => failoverReport(names, f.t, f)),
  };
}

/** One failover as the report gives it (VRRP and CARP alike): endpoints named, times in seconds. */
export function failoverReport(
  names: Names,
  atUs: number,
  f: { from: number; to: number; gapUs: number; cause: Cause; chain?: Cause[] },
): FailoverReport {
  return {
    at: sec(atUs),
    from: names.endpoint(f.from).address,
    fromNode: names.node(f.from),
    to: names.endpoint(f.to).address,
    toNode: names.node(f.to),
    gap: sec(f.gapUs),
    cause: f.cause.code,
    why: describeCause({ cause: f.cause, chain: f.chain ?? [] }),
  };
}

/** A found anomaly, with the index row it points at (for the Trace). */
export interface Anomaly {
  code: string;
  atUs: number;
  vrid: number;
  family: Family;
  /** Absent: VRRP. */
  protocol?: Protocol112;
  row: number;
  message: string;
}

export function jitterHistogram(r: RouterAnalysis): string {
  const labels = [
    '<-50',
    ...JITTER_EDGES_MS.slice(0, -1).map((e, k) => `${e}..${JITTER_EDGES_MS[k + 1]}`),
    '≥500',
  ];
  return labels
    .map((l, k) => `${l} ms: ${r.jitter[k]}`)
    .filter((_, k) => r.jitter[k] > 0)
    .join(', ');
}

/**
 * The dual masters of one router as capture-masters.ts reads its masters, by trace/masters.ts's
 * definition (dualPeriods), one advert interval at least (a shorter one is a handover).
 */
function captureDualMasters(
  r: RouterAnalysis,
  masters: CaptureMasters,
  who: (s: number) => string,
): (DualMaster & { row: number })[] {
  const now = new Set<string>();
  const rowAt = new Map<number, number>();
  const steps = masters.steps.map((s) => {
    if (s.to === 'MASTER') {
      now.add(who(s.source));
      if (!rowAt.has(s.t)) rowAt.set(s.t, s.row);
    } else now.delete(who(s.source));
    return { t: s.t, router: String(r.key), vrid: r.vrid, masters: [...now] };
  });
  const intervalUs = Math.max(0, ...[...r.sources.values()].map((s) => s.intervalCs * 10_000));
  return dualPeriods(steps)
    .filter((d) => d.toUs === null || d.toUs - d.fromUs >= minDualMasterUs(intervalUs))
    .map((d) => ({ ...d, row: rowAt.get(d.fromUs) ?? 0 }));
}

/** Every anomaly of one router (dual master, TTL, checksum, clashes and mismatches, owners, late adverts). */
export function routerAnomalies(
  r: RouterAnalysis,
  ix: P.PacketIndex,
  names: Names,
  masters: CaptureMasters,
): Anomaly[] {
  const out: Anomaly[] = [];
  const id = `VRID ${r.vrid}${r.family === 'ipv6' ? ' (IPv6)' : ''}`;
  const add = (code: string, row: number, message: string, atUs = ix.tUs[row]) =>
    out.push({ code, atUs, vrid: r.vrid, family: r.family, row, message });
  const who = (s: number) => names.label(s);
  for (const d of captureDualMasters(r, masters, who)) {
    const toUs = d.toUs ?? r.latestUs;
    const runs = r.runs.filter((m) => m.toUs >= d.fromUs && m.fromUs <= toUs).length;
    const until = d.toUs === null ? 'the end of the capture' : `${sec(toUs)} s`;
    add(
      'dual-master',
      d.row,
      `${d.nodes.join(' and ')} both advertise as master of ${id} from ${sec(d.fromUs)} s to ${until} (${runs} alternating master runs: split brain, §8)`,
      d.fromUs,
    );
  }
  for (const [s, b] of r.ttlBad)
    add(
      'ttl-not-255',
      b.row,
      `${plural(b.count, 'advert')} of ${id} from ${who(s)} ${b.count === 1 ? 'has' : 'have'} TTL/hop limit ${b.ttl}, not 255: multicast receivers drop them (§1.10 #3)`,
    );
  if (r.badChecksum.count > 0)
    add(
      'bad-checksum',
      r.badChecksum.row,
      `${plural(r.badChecksum.count, 'advert')} of ${id} ${r.badChecksum.count === 1 ? 'has' : 'have'} a bad checksum (§1.7)`,
    );
  if (r.vipSets.size > 1) {
    const sets = [...r.vipSets].map(
      ([v, row]) => `${who(ix.source[row])}: ${names.vips(v).join(' ') || '(none)'}`,
    );
    add(
      'vrid-clash',
      [...r.vipSets.values()][1],
      `${id} is advertised with different address sets (${sets.join('; ')}): each side rejects the other's adverts (§8.3)`,
    );
  }
  if (r.intervals.size > 1) {
    const list = [...r.intervals].map(([cs, row]) => `${who(ix.source[row])}: ${cs / 100} s`);
    add(
      'interval-mismatch',
      [...r.intervals.values()][1],
      `${id} adverts carry different intervals (${list.join(', ')})${r.versions.includes(2) ? ': v2 routers drop each other (§8.4)' : ''}`,
    );
  }
  if (r.versionRows.size > 1)
    add(
      'version-mismatch',
      [...r.versionRows.values()][1],
      `${id} is advertised as both VRRPv2 and VRRPv3: each side rejects the other (§8.5)`,
    );
  if (r.auths.size > 1)
    add(
      'auth-mismatch',
      [...r.auths.values()][1],
      `${id} v2 adverts carry different authentication (type or password) from different routers (§8.6)`,
    );
  // keepalived 2.4 with auth_hmac appends a trailer to every advert; a node without it sends none.
  const signing = [...r.withTrailer.keys()];
  const plain = [...r.withoutTrailer.keys()].filter((s) => !r.withTrailer.has(s));
  if (signing.length && plain.length)
    add(
      'auth-trailer-mixed',
      Math.max(r.withTrailer.get(signing[0])!, r.withoutTrailer.get(plain[0])!),
      `${id}: ${signing.map(who).join(', ')} ${signing.length === 1 ? 'appends' : 'append'} keepalived 2.4's auth_hmac trailer to ${signing.length === 1 ? 'its' : 'their'} adverts and ${plain.map(who).join(', ')} ${plain.length === 1 ? 'does' : 'do'} not: auth_hmac is configured on only part of the cluster`,
    );
  for (const [s, row] of r.owner255) {
    const vips = names.vips(ix.vips[row]);
    if (!vips.includes(names.endpoint(s).address))
      add(
        'owner-255-non-owner',
        row,
        `${who(s)} advertises priority 255 for ${id} but does not own its addresses (${vips.join(' ')})`,
      );
  }
  if (r.late > 0)
    add(
      'late-adverts',
      r.lateRow,
      `${plural(r.late, 'advert')} of ${id} came more than half an interval late (worst ${sec(r.worstLateUs)} s late); jitter histogram: ${jitterHistogram(r)}`,
    );
  return out;
}

/**
 * Takeovers with no gratuitous ARP / unsolicited NA for the router's addresses within 2 s of the new
 * master's first advert (§5.2). Only a source that became MASTER counts (capture-masters.ts): a split
 * brain's interleaving is none, and a dual master's GARPs came when it began.
 */
export function missingGarps(
  r: RouterAnalysis,
  ix: P.PacketIndex,
  names: Names,
  arpRows: number[],
  endUs: number,
  masters: CaptureMasters,
): Anomaly[] {
  const out: Anomaly[] = [];
  // The capture's first master (the first step) began before it: only its tenure counts.
  const first = masters.steps[0];
  const entries = masters.steps.filter((s) => s.to === 'MASTER');
  // A source's tenure as master runs from its entry until another master of one of its addresses
  // enters. A master the capture lost sight of and sees again (a silent master, §2.11: on a VRID two
  // clusters share, each cluster's adverts push the other's master's advert timer) is in the same
  // tenure, and the GARPs it sent when it began count.
  const vipsOf = (row: number) => names.vips(ix.vips[row]);
  const shares = (a: number, b: number) => vipsOf(a).some((v) => vipsOf(b).includes(v));
  const tenure = new Map<number, number>();
  const lastEntry = new Map<number, number>();
  for (const [e, f] of entries.entries()) {
    const own = lastEntry.get(f.source);
    const interrupted =
      own === undefined ||
      entries.slice(own + 1, e).some((g) => g.source !== f.source && shares(g.row, f.row));
    if (interrupted) tenure.set(f.source, f.t);
    lastEntry.set(f.source, e);
    const before = tenure.get(f.source)!;
    if (f === first || f.t + 2_000_000 > endUs) continue;
    const vips = vipsOf(f.row);
    const mac = names.endpoint(f.source).mac;
    let found = false;
    for (
      let k = lowerBound(arpRows, ix.tUs, Math.min(before, f.t - 100_000));
      k < arpRows.length && !found;
      k++
    ) {
      const row = arpRows[k];
      if (ix.tUs[row] > f.t + 2_000_000) break;
      const e = names.endpoint(ix.source[row]);
      found =
        (ix.flags[row] & P.FLAG_GRATUITOUS) !== 0 &&
        vips.includes(e.address) &&
        (ix.tUs[row] >= f.t - 100_000 || e.mac === mac);
    }
    if (!found)
      out.push({
        code: 'no-garp-after-takeover',
        atUs: f.t,
        vrid: r.vrid,
        family: r.family,
        row: f.row,
        message: `${names.label(f.source)} took over VRID ${r.vrid} but sent no gratuitous ARP/NA for its addresses within 2 s (§5.2): neighbours keep the old MAC`,
      });
  }
  return out;
}

export function routerVips(r: RouterAnalysis, names: Names): string[] {
  const vips: string[] = [];
  for (const id of r.vipSets.keys()) for (const v of names.vips(id)) if (!vips.includes(v)) vips.push(v);
  return vips;
}

/** First position in `rows` (sorted by time) whose time is ≥ `t`. */
export function lowerBound(rows: number[], tUs: Float64Array, t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tUs[rows[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
