/**
 * pcapng (draft-ietf-opsawg-pcapng): blocks of `type, length, body, length`. Each Section Header
 * Block sets the byte order for its section and forgets the previous section's interfaces; each
 * Interface Description Block brings its own link type and timestamp resolution (if_tsresol).
 */
import type { DiagnosticSink } from './diagnostics';
import { newRecord, type CaptureRecord, type FormatParser } from './record';

export const PCAPNG_SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BOM = 0x1a2b3c4d;
const OPT_END = 0;
const OPT_COMMENT = 1;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
/** Blocks longer than this mean a corrupt length (Wireshark's limit is 16 MiB as well). */
const MAX_BLOCK_BYTES = 16 << 20;
const TWO32 = 4294967296;

/**
 * Sees each Section Header (`section` true) and Interface Description Block with its file offset and
 * length: the blocks a part of the file read on its own needs before its records (sparse-index.ts).
 */
export type HeadBlockHook = (byteOffset: number, length: number, section: boolean) => void;

interface Iface {
  linkType: number;
  snaplen: number;
  /** Timestamp units: 10^-decExp seconds, or 2^-binExp seconds when binExp ≥ 0. */
  decExp: number;
  binExp: number;
  offsetUs: number;
}

export class PcapngParser implements FormatParser {
  need = 12;
  stopped = false;
  private le = true;
  private seenShb = false;
  private ifaces: Iface[] = [];
  private index = 0;
  private lastTsUs = 0;
  private readonly rec = newRecord();

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly emit: (r: CaptureRecord) => void,
    private readonly onLink: (linkType: number) => void,
    private readonly onHead?: HeadBlockHook,
  ) {}

  parse(buf: Uint8Array, base: number, eof: boolean): number {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let pos = 0;
    while (!this.stopped) {
      if (pos + 12 > buf.length) {
        this.need = 12;
        if (eof && pos < buf.length)
          this.stop(
            'pcapng.truncated-block',
            `Block header cut short at the end of the file (${buf.length - pos} bytes)`,
            base + pos,
          );
        break;
      }
      const rawType = dv.getUint32(pos, false);
      if (rawType === PCAPNG_SHB) {
        const bom = dv.getUint32(pos + 8, false);
        if (bom !== BOM && bom !== 0x4d3c2b1a) {
          this.stop(
            'pcapng.bad-byte-order-magic',
            `Section header with an unknown byte-order magic 0x${bom.toString(16)}`,
            base + pos,
          );
          break;
        }
        this.le = bom !== BOM;
      } else if (!this.seenShb) {
        this.stop(
          'pcapng.no-section-header',
          'The file does not start with a Section Header Block',
          base + pos,
        );
        break;
      }
      const type = dv.getUint32(pos, this.le);
      const len = dv.getUint32(pos + 4, this.le);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_BYTES) {
        this.stop(
          'pcapng.bad-block-length',
          `Block of type 0x${type.toString(16)} has an impossible length ${len}; the rest of the file cannot be framed`,
          base + pos,
        );
        break;
      }
      if (pos + len > buf.length) {
        this.need = len;
        if (eof)
          this.stop(
            'pcapng.truncated-block',
            `Block of type 0x${type.toString(16)} cut short at the end of the file (${buf.length - pos} of ${len} bytes)`,
            base + pos,
          );
        break;
      }
      if (dv.getUint32(pos + len - 4, this.le) !== len)
        this.sink.add(
          'pcapng.block-length-mismatch',
          'warning',
          'A block\u2019s trailing length differs from its leading length',
          this.index,
          base + pos,
        );
      this.block(buf, dv, pos, len, type, base);
      pos += len;
    }
    return pos;
  }

  private block(buf: Uint8Array, dv: DataView, pos: number, len: number, type: number, base: number): void {
    if (type === PCAPNG_SHB) {
      this.seenShb = true;
      this.ifaces = [];
      this.onHead?.(base + pos, len, true);
    } else if (type === IDB) {
      this.idb(dv, pos, len, base);
      this.onHead?.(base + pos, len, false);
    } else if (type === EPB) this.packet(buf, dv, pos, len, base, dv.getUint32(pos + 8, this.le), 28, false);
    else if (type === OPB) this.packet(buf, dv, pos, len, base, dv.getUint16(pos + 8, this.le), 28, false);
    else if (type === SPB) this.packet(buf, dv, pos, len, base, 0, 12, true);
    // Other blocks (name resolution, statistics, decryption secrets, custom) carry no frames.
  }

  private idb(dv: DataView, pos: number, len: number, base: number): void {
    if (len < 20) {
      this.sink.add(
        'pcapng.bad-interface-block',
        'warning',
        'Interface Description Block too short',
        this.index,
        base + pos,
      );
      return;
    }
    const iface: Iface = {
      linkType: dv.getUint16(pos + 8, this.le),
      snaplen: dv.getUint32(pos + 12, this.le),
      decExp: 6,
      binExp: -1,
      offsetUs: 0,
    };
    this.options(dv, pos + 16, pos + len - 4, (code, at, olen) => {
      if (code === IF_TSRESOL && olen >= 1) {
        const v = dv.getUint8(at);
        if (v & 0x80) iface.binExp = v & 0x7f;
        else iface.decExp = v;
      } else if (code === IF_TSOFFSET && olen >= 8) {
        iface.offsetUs =
          (dv.getInt32(at + (this.le ? 4 : 0), this.le) * TWO32 +
            dv.getUint32(at + (this.le ? 0 : 4), this.le)) *
          1e6;
      }
    });
    this.ifaces.push(iface);
    this.onLink(iface.linkType);
  }

  private packet(
    buf: Uint8Array,
    dv: DataView,
    pos: number,
    len: number,
    base: number,
    ifId: number,
    dataAt: number,
    simple: boolean,
  ): void {
    const index = this.index++;
    const iface = this.ifaces[ifId];
    if (!iface) {
      this.sink.add(
        'pcapng.unknown-interface',
        'error',
        `Packet refers to interface ${ifId}, which no Interface Description Block in this section defines`,
        index,
        base + pos,
      );
      return;
    }
    const room = len - 4 - dataAt;
    let capLen: number;
    let origLen: number;
    if (simple) {
      origLen = dv.getUint32(pos + 8, this.le);
      capLen = Math.min(origLen, room, iface.snaplen > 0 ? iface.snaplen : room);
    } else {
      capLen = dv.getUint32(pos + 20, this.le);
      origLen = dv.getUint32(pos + 24, this.le);
    }
    if (capLen > room || room < 0) {
      this.sink.add(
        'pcapng.bad-captured-length',
        'error',
        `Captured length ${capLen} does not fit in its block (${Math.max(room, 0)} bytes)`,
        index,
        base + pos,
      );
      return;
    }
    const rec = this.rec;
    rec.packetIndex = index;
    rec.byteOffset = base + pos;
    rec.dataOffset = base + pos + dataAt;
    rec.linkType = iface.linkType;
    rec.interfaceId = ifId;
    rec.tsUs = simple
      ? this.lastTsUs
      : this.timestamp(dv.getUint32(pos + 12, this.le), dv.getUint32(pos + 16, this.le), iface);
    this.lastTsUs = rec.tsUs;
    rec.setFrame(buf, pos + dataAt, capLen);
    rec.origLength = origLen;
    rec.comment = null;
    if (!simple) {
      this.options(dv, pos + dataAt + ((capLen + 3) & ~3), pos + len - 4, (code, at, olen) => {
        if (code === OPT_COMMENT) rec.comment = new TextDecoder().decode(buf.subarray(at, at + olen));
      });
    }
    this.emit(rec);
  }

  /** Timestamp in µs since the epoch, exact for µs and ns resolutions (no BigInt on the hot path). */
  private timestamp(hi: number, lo: number, f: Iface): number {
    let us: number;
    if (f.binExp >= 0) us = ((hi * TWO32 + lo) / 2 ** f.binExp) * 1e6;
    else if (f.decExp === 6) us = hi * TWO32 + lo;
    else if (f.decExp < 6) us = (hi * TWO32 + lo) * 10 ** (6 - f.decExp);
    else {
      // (hi·2^32 + lo) / div without losing precision: 2^32 = q·div + r.
      const div = 10 ** (f.decExp - 6);
      const q = Math.floor(TWO32 / div);
      const r = TWO32 - q * div;
      us = hi * q + Math.floor((hi * r + lo) / div);
    }
    return us + f.offsetUs;
  }

  /** Walks options in `[from, to)`, stopping at opt_endofopt or at the first that overruns. */
  private options(
    dv: DataView,
    from: number,
    to: number,
    visit: (code: number, at: number, len: number) => void,
  ): void {
    for (let p = from; p + 4 <= to;) {
      const code = dv.getUint16(p, this.le);
      const olen = dv.getUint16(p + 2, this.le);
      if (code === OPT_END || p + 4 + olen > to) return;
      visit(code, p + 4, olen);
      p += 4 + ((olen + 3) & ~3);
    }
  }

  private stop(code: string, message: string, byteOffset: number): void {
    this.sink.add(code, 'error', message, this.index, byteOffset);
    this.stopped = true;
  }
}
