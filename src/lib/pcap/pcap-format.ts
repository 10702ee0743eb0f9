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

const FILE_HEADER_BYTES = 24;
/** Larger records than this (and than the snap length) mean a corrupt length: stop, as Wireshark does. */
const MAX_RECORD_BYTES = 262144;

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
    const magicBE = dv.getUint32(0, false);
    this.le = !(magicBE === MAGIC_US || magicBE === MAGIC_NS || magicBE === MAGIC_KUZNETSOV);
    const magic = dv.getUint32(0, this.le);
    this.nano = magic === MAGIC_NS;
    if (magic === MAGIC_KUZNETSOV) this.recordHeader = 24;
    const snaplen = dv.getUint32(16, this.le);
    this.maxRecord = Math.min(Math.max(snaplen, MAX_RECORD_BYTES), 1 << 24);
    // The upper bits of the link-type word carry FCS information (pcap spec §4, "LinkType and additional information").
    this.linkType = dv.getUint32(20, this.le) & 0xffff;
    this.onLink(this.linkType);
    this.headerDone = true;
    this.need = this.recordHeader;
  }

  private stop(code: string, message: string, packetIndex: number, byteOffset: number): void {
    this.sink.add(code, 'error', message, packetIndex, byteOffset);
    this.stopped = true;
  }
}
