/**
 * Classic pcap (libpcap file format): a 24-byte file header, then 16-byte record headers, each
 * followed by `incl_len` bytes. The magic gives the byte order and µs or ns timestamps.
 */
import type { DiagnosticSink } from './diagnostics';
import { newRecord, type CaptureRecord, type FormatParser } from './record';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
/** Alexey Kuznetsov's patched libpcap: 24-byte record headers (ifindex, protocol, pkt_type, pad). */
const MAGIC_KUZNETSOV = 0xa1b2cd34;
const swap32 = (x: number) =>
  (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

export const PCAP_MAGICS = new Set([
  MAGIC_US,
  MAGIC_NS,
  MAGIC_KUZNETSOV,
  swap32(MAGIC_US),
  swap32(MAGIC_NS),
  swap32(MAGIC_KUZNETSOV),
]);

export const FILE_HEADER_BYTES = 24;
/** Larger records than this (and than the snap length) mean a corrupt length: stop, as Wireshark does. */
const MAX_RECORD_BYTES = 262144;

/** What the 24-byte file header says about every record of the file. */
export interface PcapHeader {
  le: boolean;
  nano: boolean;
  /** 16, or 24 for Kuznetsov's patched format. */
  recordHeader: number;
  /** Longer records are corrupt lengths. */
  maxRecord: number;
  linkType: number;
}

/** Reads the file header (the caller has checked the magic and that 24 bytes are there). */
export function readPcapHeader(dv: DataView): PcapHeader {
  const magicBE = dv.getUint32(0, false);
  const le = !(magicBE === MAGIC_US || magicBE === MAGIC_NS || magicBE === MAGIC_KUZNETSOV);
  const magic = dv.getUint32(0, le);
  const snaplen = dv.getUint32(16, le);
  return {
    le,
    nano: magic === MAGIC_NS,
    recordHeader: magic === MAGIC_KUZNETSOV ? 24 : 16,
    maxRecord: Math.min(Math.max(snaplen, MAX_RECORD_BYTES), 1 << 24),
    // The upper bits of the link-type word carry FCS information (pcap spec §4, "LinkType and additional information").
    linkType: dv.getUint32(20, le) & 0xffff,
  };
}

export class PcapParser implements FormatParser {
  need = FILE_HEADER_BYTES;
  stopped = false;
  private headerDone = false;
  private le = false;
  private nano = false;
  private recordHeader = 16;
  private linkType = 0;
  private maxRecord = MAX_RECORD_BYTES;
  private index = 0;
  private readonly rec = newRecord();

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly emit: (r: CaptureRecord) => void,
    private readonly onLink: (linkType: number) => void,
  ) {}

  parse(buf: Uint8Array, base: number, eof: boolean): number {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < FILE_HEADER_BYTES) {
        if (eof)
          this.stop(
            'pcap.truncated-file-header',
            `The pcap file header is cut short (${buf.length} of 24 bytes)`,
            -1,
            0,
          );
        return 0;
      }
      this.readHeader(dv);
      pos = FILE_HEADER_BYTES;
    }
    const le = this.le;
    const hdr = this.recordHeader;
    const rec = this.rec;
    while (!this.stopped) {
      if (pos + hdr > buf.length) {
        this.need = hdr;
        if (eof && pos < buf.length)
          this.stop(
            'pcap.truncated-record',
            `Record header cut short at the end of the file (${buf.length - pos} of ${hdr} bytes)`,
            this.index,
            base + pos,
          );
        break;
      }
      const incl = dv.getUint32(pos + 8, le);
      if (incl > this.maxRecord) {
        this.stop(
          'pcap.bad-record-length',
          `Record length ${incl} exceeds the maximum ${this.maxRecord}; the rest of the file cannot be framed`,
          this.index,
          base + pos,
        );
        break;
      }
      if (pos + hdr + incl > buf.length) {
        this.need = hdr + incl;
        if (eof)
          this.stop(
            'pcap.truncated-record',
            `Packet cut short at the end of the file (${buf.length - pos - hdr} of ${incl} bytes)`,
            this.index,
            base + pos,
          );
        break;
      }
      const sec = dv.getUint32(pos, le);
      const frac = dv.getUint32(pos + 4, le);
      rec.packetIndex = this.index++;
      rec.byteOffset = base + pos;
      rec.dataOffset = base + pos + hdr;
      rec.linkType = this.linkType;
      rec.tsUs = sec * 1e6 + (this.nano ? Math.floor(frac / 1000) : frac);
      rec.setFrame(buf, pos + hdr, incl);
      rec.origLength = dv.getUint32(pos + 12, le);
      this.emit(rec);
      pos += hdr + incl;
    }
    return pos;
  }

  private readHeader(dv: DataView): void {
    const h = readPcapHeader(dv);
    this.le = h.le;
    this.nano = h.nano;
    this.recordHeader = h.recordHeader;
    this.maxRecord = h.maxRecord;
    this.linkType = h.linkType;
    this.onLink(this.linkType);
    this.headerDone = true;
    this.need = this.recordHeader;
  }

  /** `count` records were read elsewhere (another thread took that part of the file): number on after them. */
  skipRecords(count: number): void {
    this.index += count;
  }

  private stop(code: string, message: string, packetIndex: number, byteOffset: number): void {
    this.sink.add(code, 'error', message, packetIndex, byteOffset);
    this.stopped = true;
  }
}
