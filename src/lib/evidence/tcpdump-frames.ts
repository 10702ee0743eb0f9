/**
 * Pasted tcpdump packets → real frames in a pcap, so that the capture analysis reads them exactly
 * as it reads a capture (a capture without the bytes). What the text does not show is filled with
 * what keepalived sends: TTL 255 without -v, the VRRP multicast MAC without -e, a zero source MAC
 * when the text names none.
 */
import { parseIP } from '../net/address';
import { writePcap, type WriteFrame } from '../pcap/writer';
import { US_PER_S } from '../trace/time';
import { encodeAdvert } from '../vrrp/advert';
import { advertFrame, garpFrame, unsolicitedNaFrame } from '../vrrp/wire';
import type { TcpdumpRead, TextPacket } from './tcpdump-text';

const ZERO_MAC = '00:00:00:00:00:00';
const DAY_US = 86_400 * US_PER_S;

function frameOf(p: TextPacket): Uint8Array | null {
  const srcMac = p.srcMac ?? ZERO_MAC;
  if (p.type === 'vrrp' && p.vrrp) {
    const family = parseIP(p.src)?.family;
    if (!family || parseIP(p.dst)?.family !== family) return null;
    const addresses = (p.vrrp.addresses ?? []).filter((a) => parseIP(a)?.family === family);
    const vrrp = encodeAdvert({
      version: p.vrrp.version,
      family,
      vrid: p.vrrp.vrid & 0xff,
      priority: p.vrrp.priority & 0xff,
      advertIntervalCs: p.vrrp.intervalCs,
      addresses,
      authType: p.vrrp.version === 2 ? (p.vrrp.authType ?? 0) : undefined,
      src: p.src,
      dst: p.dst,
    });
    return advertFrame({
      family,
      srcMac,
      dstMac: p.dstMac,
      src: p.src,
      dst: p.dst,
      ipId: p.ipId,
      ttl: p.ttl,
      vrrp,
    });
  }
  if (p.type === 'arp' && p.announce && parseIP(p.announce.address)?.family === 'ipv4')
    return garpFrame(p.announce.mac ?? srcMac, p.announce.address);
  if (
    p.type === 'ndp' &&
    p.announce &&
    parseIP(p.announce.address)?.family === 'ipv6' &&
    parseIP(p.src)?.family === 'ipv6'
  )
    return unsolicitedNaFrame(p.announce.mac ?? srcMac, p.src, p.announce.address, false);
  return null;
}

export interface TextCapture {
  /** A classic pcap of the packets (Ethernet). */
  pcap: Uint8Array;
  /** Frame i of the pcap is packet packetOf[i] of the text. */
  packetOf: number[];
}

/**
 * The text's packets as a pcap. `dayStartUs` is the epoch of the midnight the default (time of
 * day) form counts from; a step back of more than 12 h is the next day.
 */
export function tcpdumpCapture(read: TcpdumpRead, dayStartUs = 0): TextCapture {
  const frames: WriteFrame[] = [];
  const packetOf: number[] = [];
  let day = 0;
  let last = -Infinity;
  let lastTs = 0;
  read.packets.forEach((p, i) => {
    const data = frameOf(p);
    if (!data) return;
    let ts: number;
    if (p.tUs === null) ts = lastTs;
    else if (read.timeForm === 'time') {
      if (p.tUs < last - DAY_US / 2) day++;
      last = p.tUs;
      ts = dayStartUs + day * DAY_US + p.tUs;
    } else ts = p.tUs;
    // A pcap stamp cannot be negative; keep order for the unstamped.
    ts = Math.max(0, ts);
    lastTs = ts;
    frames.push({ tsUs: ts, data });
    packetOf.push(i);
  });
  return { pcap: writePcap(frames), packetOf };
}
