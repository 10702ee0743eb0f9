/**
 * Writes captures: classic pcap (µs or ns, either byte order) and pcapng (one section, any number
 * of interfaces with their own link type and if_tsresol, EPBs with optional comments). Used by the
 * simulator's `--pcap`, the tests' synthetic captures and the benchmark's generator.
 */
import { concat } from './source';

export interface WriteFrame {
  /** µs since the Unix epoch. */
  tsUs: number;
  data: Uint8Array;
  /** pcapng: index into `interfaces`. */
  interfaceId?: number;
  /** On-the-wire length when `data` is cut (defaults to data.length). */
  origLength?: number;
  comment?: string;
}

export interface PcapWriteOptions {
  linkType?: number;
  nanoseconds?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

/** The 24-byte classic pcap file header. */
export function pcapFileHeader(o: PcapWriteOptions = {}): Uint8Array {
  const h = new Uint8Array(24);
  const dv = new DataView(h.buffer);
  const le = !o.bigEndian;
  dv.setUint32(0, o.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, le);
  dv.setUint16(4, 2, le);
  dv.setUint16(6, 4, le);
  dv.setUint32(16, o.snaplen ?? 262144, le);
  dv.setUint32(20, o.linkType ?? 1, le);
  return h;
}

/** Writes one classic pcap record (header + data) into `out` at `at`; returns the new offset. */
export function writePcapRecord(
  out: Uint8Array,
  dv: DataView,
  at: number,
  f: WriteFrame,
  o: PcapWriteOptions = {},
): number {
  const le = !o.bigEndian;
  const sec = Math.floor(f.tsUs / 1e6);
  const us = f.tsUs - sec * 1e6;
  dv.setUint32(at, sec, le);
  dv.setUint32(at + 4, o.nanoseconds ? us * 1000 : us, le);
  dv.setUint32(at + 8, f.data.length, le);
  dv.setUint32(at + 12, f.origLength ?? f.data.length, le);
  out.set(f.data, at + 16);
  return at + 16 + f.data.length;
}

/** A whole classic pcap file. */
export function writePcap(frames: readonly WriteFrame[], o: PcapWriteOptions = {}): Uint8Array<ArrayBuffer> {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(pcapFileHeader(o), 0);
  let at = 24;
  for (const f of frames) at = writePcapRecord(out, dv, at, f, o);
  return out;
}

export interface PcapngInterface {
  linkType: number;
  /** if_tsresol: units of 10^-n s (6 = µs, 9 = ns). */
  tsresol?: number;
  snaplen?: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const len = 12 + pad4(body.length);
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, type, le);
  dv.setUint32(4, len, le);
  b.set(body, 8);
  dv.setUint32(len - 4, len, le);
  return b;
}

function option(code: number, value: Uint8Array, le: boolean): Uint8Array {
  const o = new Uint8Array(4 + pad4(value.length));
  const dv = new DataView(o.buffer);
  dv.setUint16(0, code, le);
  dv.setUint16(2, value.length, le);
  o.set(value, 4);
  return o;
}

/** A pcapng section: SHB, one IDB per interface, then one EPB per frame. */
export function writePcapng(
  interfaces: readonly PcapngInterface[],
  frames: readonly WriteFrame[],
  o: { bigEndian?: boolean; sectionComments?: readonly string[] } = {},
): Uint8Array<ArrayBuffer> {
  const le = !o.bigEndian;
  const parts: Uint8Array[] = [];
  const shb = new Uint8Array(16);
  const sdv = new DataView(shb.buffer);
  sdv.setUint32(0, 0x1a2b3c4d, le);
  sdv.setUint16(4, 1, le);
  sdv.setInt32(8, -1, le);
  sdv.setInt32(12, -1, le);
  const shbOpts = (o.sectionComments ?? []).map((c) => option(1, new TextEncoder().encode(c), le));
  if (shbOpts.length) shbOpts.push(new Uint8Array(4));
  parts.push(block(0x0a0d0d0a, concat([shb, ...shbOpts]), le));
  for (const i of interfaces) {
    const head = new Uint8Array(8);
    const dv = new DataView(head.buffer);
    dv.setUint16(0, i.linkType, le);
    dv.setUint32(4, i.snaplen ?? 262144, le);
    const opts =
      i.tsresol !== undefined && i.tsresol !== 6
        ? [option(9, new Uint8Array([i.tsresol]), le), new Uint8Array(4)]
        : [];
    parts.push(block(1, concat([head, ...opts]), le));
  }
  for (const f of frames) {
    const iface = interfaces[f.interfaceId ?? 0];
    const units = BigInt(Math.round(f.tsUs)) * 10n ** BigInt(Math.max(0, (iface?.tsresol ?? 6) - 6));
    const head = new Uint8Array(20);
    const dv = new DataView(head.buffer);
    dv.setUint32(0, f.interfaceId ?? 0, le);
    dv.setUint32(4, Number(units >> 32n), le);
    dv.setUint32(8, Number(units & 0xffffffffn), le);
    dv.setUint32(12, f.data.length, le);
    dv.setUint32(16, f.origLength ?? f.data.length, le);
    const data = new Uint8Array(pad4(f.data.length));
    data.set(f.data);
    const opts = f.comment ? [option(1, new TextEncoder().encode(f.comment), le), new Uint8Array(4)] : [];
    parts.push(block(6, concat([head, data, ...opts]), le));
  }
  return concat(parts);
}
