/**
 * Gratuitous ARPs and unsolicited neighbour advertisements (§5) as bursts per VIP and sender MAC:
 * a takeover gives one burst at once and one 5 s later (5 each by default). The fidelity tests
 * compare the real daemon's bursts (read by tshark) with the simulator's.
 */
import { canonicalIP, linkLocalFromMac } from '../../src/lib/net/address';
import type { Trace } from '../../src/lib/trace/types';
import { tsharkFields } from '../unit/pcap/capture-files';
import type { Truth } from './truth';

export interface Announce {
  /** Seconds. */
  t: number;
  address: string;
  mac: string;
}

export interface AnnounceBurst extends Announce {
  /** Frames in the burst. */
  count: number;
}

/** Announcements closer than this to the previous one (same VIP and MAC) belong to one burst. */
export const ANNOUNCE_BURST_GAP_S = 0.05;

/** Gratuitous ARP requests and unsolicited NAs of a capture, decoded by tshark. */
/** tshark prints booleans as 1/0 (or True/False in some versions). */
const TRUE = new Set(['1', 'True']);
const FALSE = new Set(['0', 'False']);

export function captureAnnounces(file: string): Announce[] {
  const rows = tsharkFields(file, [
    'frame.time_relative',
    'arp.isgratuitous',
    'arp.opcode',
    'arp.src.proto_ipv4',
    'icmpv6.type',
    'icmpv6.nd.na.flag.s',
    'icmpv6.nd.na.target_address',
    'eth.src',
    'sll.src.eth',
  ]);
  return rows
    .filter(
      ([, garp, op, , icmp, solicited]) =>
        (TRUE.has(garp) && op === '1') || (icmp === '136' && FALSE.has(solicited)),
    )
    .map(([t, , , v4, , , v6, eth, sll]) => {
      const address = v4 || v6;
      return { t: Number(t), address: canonicalIP(address) ?? address, mac: (eth || sll).toLowerCase() };
    });
}

/** The gratuitous announcements a simulation sent. */
export function traceAnnounces(trace: Trace): Announce[] {
  return trace.packets
    .filter((p) => p.announce?.gratuitous && p.srcMac)
    .map((p) => ({
      t: p.t / 1e6,
      address: canonicalIP(p.announce!.address) ?? p.announce!.address,
      mac: p.srcMac!.toLowerCase(),
    }));
}

export function announceBursts(list: readonly Announce[]): AnnounceBurst[] {
  const open = new Map<string, AnnounceBurst & { lastT: number }>();
  const out: (AnnounceBurst & { lastT: number })[] = [];
  for (const a of [...list].sort((x, y) => x.t - y.t)) {
    const k = `${a.address}|${a.mac}`;
    const b = open.get(k);
    if (b && a.t - b.lastT <= ANNOUNCE_BURST_GAP_S) {
      b.count += 1;
      b.lastT = a.t;
    } else {
      const nb = { ...a, count: 1, lastT: a.t };
      open.set(k, nb);
      out.push(nb);
    }
  }
  return out.map(({ t, address, mac, count }) => ({ t, address, mac, count }));
}

/** The MAC each advert source address belongs to, from the truth file's nodes (IPv6: link-local). */
export function macOfSource(truth: Truth): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of truth.nodes)
    for (const [iface, addrs] of Object.entries(n.interfaces)) {
      const mac = n.mac[iface]?.toLowerCase();
      if (!mac) continue;
      for (const a of addrs) m.set(canonicalIP(a.split('/')[0]) ?? a, mac);
      m.set(canonicalIP(linkLocalFromMac(mac)) ?? linkLocalFromMac(mac), mac);
    }
  return m;
}

/**
 * Compares announcements per VIP and MAC, ignoring those `ignore` names (startup races) on both
 * sides: the same number, and the k-th real one within `toleranceS` of the k-th simulated one. In
 * order rather than burst by burst, because two bursts due at nearly the same time (an immediate
 * one and the delayed one of an earlier takeover) are one burst in the simulator and may be 100 ms
 * apart on a real machine. One line per VIP and MAC that disagrees.
 */
export function compareAnnounces(
  real: readonly Announce[],
  sim: readonly Announce[],
  toleranceS: number,
  untilS: number,
  ignore: (a: Announce) => boolean,
): string[] {
  const group = (l: readonly Announce[]): Map<string, number[]> => {
    const m = new Map<string, number[]>();
    for (const a of [...l].sort((x, y) => x.t - y.t)) {
      if (a.t > untilS || ignore(a)) continue;
      const k = `${a.address} from ${a.mac}`;
      m.set(k, [...(m.get(k) ?? []), a.t]);
    }
    return m;
  };
  const r = group(real);
  const s = group(sim);
  const problems: string[] = [];
  for (const k of [...new Set([...r.keys(), ...s.keys()])].sort()) {
    const rt = r.get(k) ?? [];
    const st = s.get(k) ?? [];
    const summary = (l: number[]) =>
      announceBursts(l.map((t) => ({ t, address: '', mac: '' }))).map((b) => `${b.t.toFixed(3)}×${b.count}`);
    const first = rt.findIndex((t, i) => i >= st.length || Math.abs(t - st[i]) > toleranceS);
    if (rt.length !== st.length || first >= 0)
      problems.push(`${k}: real [${summary(rt).join(' ')}], simulated [${summary(st).join(' ')}]`);
  }
  return problems;
}
