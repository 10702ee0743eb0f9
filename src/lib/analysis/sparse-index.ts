/**
 * The sparse index of a capture: the byte offset and time of every SPARSE_EVERY-th record, built as
 * the file streams through the analysis. It is all the browser keeps of a capture's packets: a page of
 * the packet list (one block of SPARSE_EVERY records) or the replay's window is read again from the
 * file on demand, from the offset of its first block. 24 bytes per block: 14 M packets need 330 KB.
 *
 * A part read on its own starts with a head: the bytes a reader needs before the records. For pcap it
 * is the file header. For pcapng it is the section header and the interface blocks in force at the
 * part's first record, which a file may add anywhere (a capture on several interfaces): so the index
 * keeps where every such block is, and which of them each block of records follows.
 */
import type { CaptureRecord } from '../pcap/record';
import { concat, type ByteSource } from '../pcap/source';
import type { Diagnostic } from '../trace/diagnostic';
import { grownCapacity, grownColumn } from './packet-index';
import { sec } from './report';

/** Records per block (and per page of the packet list). */
export const SPARSE_EVERY = 1024;

export interface SparseIndex {
  /** Records per block. */
  every: number;
  /** Records in the file. */
  packets: number;
  /** Byte offset of the first record: the bytes before it (file header, pcapng head) start every read. */
  headEnd: number;
  /** Byte offset of each block's first record; one more entry: the end of the last record. */
  offsets: Float64Array;
  /** Capture time (µs since the epoch) of each block's first record. */
  times: Float64Array;
  /** The last record's time, µs after the first's. */
  endUs: number;
  /** pcapng: byte ranges of every Section Header and Interface Description Block, as [from, to) pairs in file order. */
  heads: number[];
  /** For each block, the pairs [headFrom, headTo) of `heads` in force at its first record (its section's). */
  headFrom: Uint32Array;
  headTo: Uint32Array;
}

export class SparseIndexBuilder {
  #offsets = new Float64Array(1024);
  #times = new Float64Array(1024);
  #headFrom = new Uint32Array(1024);
  #headTo = new Uint32Array(1024);
  readonly #heads: number[] = [];
  /** First pair of the current section in `#heads`. */
  #section = 0;
  #blocks = 0;
  #packets = 0;
  #end = 0;
  #lastUs = 0;

  constructor(private readonly every = SPARSE_EVERY) {}

  /** The record callback: call it with every record, in file order. */
  add(r: CaptureRecord): void {
    if (this.#packets % this.every === 0) this.#block(r.byteOffset, r.tsUs);
    this.#packets++;
    this.#lastUs = r.tsUs;
    this.#end = r.dataOffset + r.dataLength;
  }

  /**
   * The records of a part read by another thread (SegmentRows.recordOffsets and recordTimes), in
   * file order with those given to `add`; `end`: where the part's last record ends.
   */
  addRecords(offsets: Float64Array, times: Float64Array, end: number): void {
    const n = offsets.length;
    if (n === 0) return;
    // Only the records that start a block are kept: the first at or after this part's first.
    for (let k = (this.every - (this.#packets % this.every)) % this.every; k < n; k += this.every)
      this.#block(offsets[k], times[k]);
    this.#packets += n;
    this.#lastUs = times[n - 1];
    this.#end = end;
  }

  /** A block starts with the record at `byteOffset`, of time `tsUs`. */
  #block(byteOffset: number, tsUs: number): void {
    if (this.#blocks === this.#offsets.length) {
      const n = grownCapacity(this.#blocks);
      this.#offsets = grownColumn(this.#offsets, n);
      this.#times = grownColumn(this.#times, n);
      this.#headFrom = grownColumn(this.#headFrom, n);
      this.#headTo = grownColumn(this.#headTo, n);
    }
    this.#headFrom[this.#blocks] = this.#section;
    this.#headTo[this.#blocks] = this.#heads.length / 2;
    this.#offsets[this.#blocks] = byteOffset;
    this.#times[this.#blocks] = tsUs;
    this.#blocks++;
  }

  /** The head-block callback (AnalyzeOptions.onHeadBlock): a pcapng section header or interface block. */
  head(byteOffset: number, length: number, section: boolean): void {
    if (section) this.#section = this.#heads.length / 2;
    this.#heads.push(byteOffset, byteOffset + length);
  }

  /** The index, once the whole file was read (`end`: where the last record ends, by default its data). */
  finish(end = this.#end): SparseIndex {
    const offsets = new Float64Array(this.#blocks + 1);
    offsets.set(this.#offsets.subarray(0, this.#blocks));
    offsets[this.#blocks] = Math.max(end, this.#blocks > 0 ? offsets[this.#blocks - 1] : 0);
    return {
      every: this.every,
      packets: this.#packets,
      headEnd: this.#blocks > 0 ? this.#offsets[0] : end,
      offsets,
      times: this.#times.slice(0, this.#blocks),
      endUs: this.#blocks > 0 ? this.#lastUs - this.#times[0] : 0,
      heads: this.#heads.slice(),
      headFrom: this.#headFrom.slice(0, this.#blocks),
      headTo: this.#headTo.slice(0, this.#blocks),
    };
  }
}

/**
 * The head of a part starting at `block`, as [from, to) byte pairs (adjacent ones merged): the file
 * header for pcap; for pcapng the section header and the interface blocks known at the block's start.
 */
export function headRanges(s: SparseIndex, block: number): number[] {
  if (s.heads.length === 0 || blockCount(s) === 0) return [0, s.headEnd];
  const b = Math.max(0, Math.min(blockCount(s) - 1, block));
  const out: number[] = [];
  for (let k = s.headFrom[b]; k < s.headTo[b]; k++) {
    const from = s.heads[2 * k];
    const to = s.heads[2 * k + 1];
    if (out.length > 0 && out[out.length - 1] === from) out[out.length - 1] = to;
    else out.push(from, to);
  }
  return out;
}

/** The bytes of a head (`headRanges`), read from the file. */
export async function readHead(source: ByteSource, ranges: readonly number[]): Promise<Uint8Array> {
  return concat(
    await Promise.all(
      ranges.flatMap((_, i) => (i % 2 === 0 ? [source.read(ranges[i], ranges[i + 1] - ranges[i])] : [])),
    ),
  );
}

export function blockCount(s: SparseIndex): number {
  return s.times.length;
}

/** The block holding record `packet` (0-based). */
export function blockOf(s: SparseIndex, packet: number): number {
  return Math.min(blockCount(s) - 1, Math.max(0, Math.floor(packet / s.every)));
}

/**
 * The last block whose first record is at or before `tsUs` (0 when none): the block to read for the
 * packet of that time. Times that go back in a capture only make the answer a block early.
 */
export function blockAtTime(s: SparseIndex, tsUs: number): number {
  let lo = 0;
  let hi = blockCount(s);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.times[mid] <= tsUs) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** Byte range [from, to) of blocks [first, last) and the number of their first record. */
export function blocksRange(
  s: SparseIndex,
  first: number,
  last: number,
): { from: number; to: number; packet: number } {
  const n = blockCount(s);
  const a = Math.max(0, Math.min(n, first));
  const b = Math.max(a, Math.min(n, last));
  return { from: s.offsets[a], to: s.offsets[b], packet: a * s.every };
}

/** A part of a capture read on its own: whole blocks, with the capture's clock (see AnalyzeOptions.originUs). */
export interface CaptureWindow {
  /** The part's head (`headRanges`): byte pairs read again before its records. */
  head: number[];
  /** Byte range of the part's records. */
  from: number;
  to: number;
  /** Blocks [firstBlock, lastBlock) of the sparse index. */
  firstBlock: number;
  lastBlock: number;
  /** Number (0-based) of the part's first record in the capture. */
  firstPacket: number;
  /** Records in the part. */
  packets: number;
  /** The capture's first packet time (µs since the epoch): t = 0 of the part as of the whole. */
  originUs: number;
  /** The whole capture's end (µs after its first packet). */
  endUs: number;
  /** The part's first and last block times, µs after the capture's first packet. */
  fromUs: number;
  toUs: number;
}

/** The part of at most `records` records (whole blocks, at least one) centred on `tsUs`, inside the capture. */
export function windowAround(s: SparseIndex, tsUs: number, records: number): CaptureWindow {
  const n = blockCount(s);
  const blocks = records >= s.packets ? n : Math.min(n, Math.max(1, Math.floor(records / s.every)));
  const first = Math.max(0, Math.min(n - blocks, blockAtTime(s, tsUs) - Math.floor(blocks / 2)));
  const r = blocksRange(s, first, first + blocks);
  const origin = n > 0 ? s.times[0] : 0;
  return {
    head: headRanges(s, first),
    from: r.from,
    to: r.to,
    firstBlock: first,
    lastBlock: first + blocks,
    firstPacket: r.packet,
    packets: Math.min(s.packets, (first + blocks) * s.every) - r.packet,
    originUs: origin,
    endUs: s.endUs,
    fromUs: n > 0 ? s.times[first] - origin : 0,
    toUs: first + blocks < n ? s.times[first + blocks] - origin : s.endUs,
  };
}

/** True when window `w` holds every record of the capture. */
export function isWholeCapture(s: Pick<SparseIndex, 'packets'>, w: CaptureWindow): boolean {
  return w.firstPacket === 0 && w.packets >= s.packets;
}

/**
 * The Trace of a window's diagnostics: the whole capture's (`whole`, from the streamed analysis), what
 * the window's own Trace adds (naming), and, when the window is not the whole capture, which part the
 * replay holds (code `analysis.trace-capped`, as the capped Trace of a single read says).
 */
export function windowDiagnostics(
  whole: readonly Diagnostic[],
  own: readonly Diagnostic[],
  w: CaptureWindow,
  capturePackets: number,
  tracePackets: number,
): Diagnostic[] {
  const known = new Set(whole.map((d) => d.code));
  const out = [...whole, ...own.filter((d) => !known.has(d.code) && d.code !== TRACE_CAPPED)];
  const capped = own.some((d) => d.code === TRACE_CAPPED);
  if (w.firstPacket > 0 || w.packets < capturePackets || capped)
    out.push({
      code: TRACE_CAPPED,
      severity: 'info',
      message: `The replay holds ${tracePackets} VRRP/ARP/NA packets read from packets ${w.firstPacket + 1}–${w.firstPacket + w.packets} of ${capturePackets} (${sec(w.fromUs)}–${sec(w.toUs)} s); it moves with the time, and the report and the packet list cover every packet`,
      at: { packetIndex: w.firstPacket, byteOffset: w.from },
    });
  return out;
}

export const TRACE_CAPPED = 'analysis.trace-capped';
