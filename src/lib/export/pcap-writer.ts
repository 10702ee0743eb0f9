/**
 * Writes trace packets as captures Wireshark and tshark open: classic pcap (LINKTYPE_ETHERNET,
 * µs timestamps, little-endian) and pcapng (one SHB, one Ethernet IDB with µs resolution, one EPB per
 * frame with the packet's `comment` as opt_comment).
 */
import type { Micros, TracePacket } from '../trace/types';

export interface PcapOptions {
  /** Absolute time of trace t = 0, µs since the Unix epoch. */
  epochUs: Micros;
}

export interface PcapngOptions extends PcapOptions {
  /** Section comment (e.g. the scenario name and seed). */
  comments?: string[];
}

const SNAPLEN = 262144;

/** Frames that have bytes, in order. */
function framesOf(packets: readonly TracePacket[]): TracePacket[] {
  return packets.filter((p) => p.bytes && (p.linkType ?? 1) === 1);
}

/** Classic pcap (magic a1b2c3d4, version 2.4). */
export function writePcap(packets: readonly TracePacket[], opts: PcapOptions): Uint8Array {
  const frames = framesOf(packets);
  const size = 24 + frames.reduce((s, p) => s + 16 + p.bytes!.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, SNAPLEN, true);
  dv.setUint32(20, 1, true);
  let at = 24;
  for (const p of frames) {
    const abs = opts.epochUs + p.t;
    dv.setUint32(at, Math.floor(abs / 1e6), true);
    dv.setUint32(at + 4, abs % 1e6, true);
    dv.setUint32(at + 8, p.bytes!.length, true);
    dv.setUint32(at + 12, p.bytes!.length, true);
    out.set(p.bytes!, at + 16);
    at += 16 + p.bytes!.length;
  }
  return out;
}

const utf8 = new TextEncoder();

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Options as [code, value bytes]…, closed by opt_endofopt. */
function optionsBlock(opts: [number, Uint8Array][]): Uint8Array {
  if (!opts.length) return new Uint8Array(0);
  const size = opts.reduce((s, [, v]) => s + 4 + pad4(v.length), 0) + 4;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const [code, v] of opts) {
    dv.setUint16(at, code, true);
    dv.setUint16(at + 2, v.length, true);
    out.set(v, at + 4);
    at += 4 + pad4(v.length);
  }
  return out;
}

function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + body.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(4, total, true);
  out.set(body, 8);
  dv.setUint32(total - 4, total, true);
  return out;
}

/** pcapng: SHB + IDB (Ethernet, if_tsresol 6) + one EPB per frame, comments as opt_comment. */
export function writePcapng(packets: readonly TracePacket[], opts: PcapngOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  const shbOpts = optionsBlock((opts.comments ?? []).map((c) => [1, utf8.encode(c)] as [number, Uint8Array]));
  const shb = new Uint8Array(16 + shbOpts.length);
  const sdv = new DataView(shb.buffer);
  sdv.setUint32(0, 0x1a2b3c4d, true);
  sdv.setUint16(4, 1, true);
  sdv.setUint16(6, 0, true);
  sdv.setInt32(8, -1, true);
  sdv.setInt32(12, -1, true);
  shb.set(shbOpts, 16);
  parts.push(block(0x0a0d0d0a, shb));
  const idbOpts = optionsBlock([[9, Uint8Array.of(6)]]);
  const idb = new Uint8Array(8 + idbOpts.length);
  const idv = new DataView(idb.buffer);
  idv.setUint16(0, 1, true);
  idv.setUint32(4, SNAPLEN, true);
  idb.set(idbOpts, 8);
  parts.push(block(1, idb));
  for (const p of framesOf(packets)) {
    const data = p.bytes!;
    const epbOpts = optionsBlock(p.comment ? [[1, utf8.encode(p.comment)]] : []);
    const body = new Uint8Array(20 + pad4(data.length) + epbOpts.length);
    const dv = new DataView(body.buffer);
    const abs = opts.epochUs + p.t;
    dv.setUint32(4, Math.floor(abs / 2 ** 32), true);
    dv.setUint32(8, abs % 2 ** 32, true);
    dv.setUint32(12, data.length, true);
    dv.setUint32(16, data.length, true);
    body.set(data, 20);
    body.set(epbOpts, 20 + pad4(data.length));
    parts.push(block(6, body));
  }
  const out = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
