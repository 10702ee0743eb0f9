/**
 * Writes trace packets as captures Wireshark and tshark open: classic pcap (LINKTYPE_ETHERNET,
 * µs timestamps, little-endian) and pcapng (one SHB, one Ethernet IDB with µs resolution, one EPB per
 * frame with the packet's `comment` as opt_comment). The file formats themselves live in
 * src/lib/pcap/writer.ts; this module only turns trace packets into its frames.
 */
import {
  writePcap as writePcapFrames,
  writePcapng as writePcapngFrames,
  type WriteFrame,
} from '../pcap/writer';
import type { Micros, TracePacket } from '../trace/types';
import { LINKTYPE_ETHERNET } from '../net/numbers';

export interface PcapOptions {
  /** Absolute time of trace t = 0, µs since the Unix epoch. */
  epochUs: Micros;
}

export interface PcapngOptions extends PcapOptions {
  /** Section comments (e.g. the scenario name and seed). */
  comments?: string[];
}

/** Ethernet frames that have bytes, in order, stamped with absolute time. */
function framesOf(packets: readonly TracePacket[], epochUs: Micros): WriteFrame[] {
  const frames: WriteFrame[] = [];
  for (const p of packets) {
    if (!p.bytes || (p.linkType ?? LINKTYPE_ETHERNET) !== LINKTYPE_ETHERNET) continue;
    frames.push({ tsUs: epochUs + p.t, data: p.bytes, comment: p.comment });
  }
  return frames;
}

/** Classic pcap (magic a1b2c3d4, version 2.4). */
export function writePcap(packets: readonly TracePacket[], opts: PcapOptions): Uint8Array {
  return writePcapFrames(framesOf(packets, opts.epochUs), { linkType: LINKTYPE_ETHERNET });
}

/** pcapng: SHB + IDB (Ethernet, µs) + one EPB per frame, comments as opt_comment. */
export function writePcapng(packets: readonly TracePacket[], opts: PcapngOptions): Uint8Array {
  return writePcapngFrames([{ linkType: LINKTYPE_ETHERNET, tsresol: 6 }], framesOf(packets, opts.epochUs), {
    sectionComments: opts.comments,
  });
}
