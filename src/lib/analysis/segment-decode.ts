/**
 * The helper thread's half of a split read (split-read.ts): decodes a part of a classic pcap file,
 * from a record boundary to another, into packet-index rows as the Indexer makes them, and hands
 * them over with the interned entries they refer to. The analysis itself stays on the main thread,
 * which takes the parts in file order.
 */
import { DiagnosticSink } from '../pcap/diagnostics';
import { FILE_HEADER_BYTES, PcapParser } from '../pcap/pcap-format';
import { readRecords } from '../pcap/reader';
import type { ByteSource } from '../pcap/source';
import { Indexer } from './indexer';
import type { BytesInterner } from './interner';
import type { RowColumns } from './packet-index';

/** The rows of one part of the file, with what the main thread needs to adopt them. */
export interface SegmentRows extends RowColumns {
  from: number;
  to: number;
  /** Rows in the columns. `frame` counts from the part's first record; `tUs` from `firstTsUs`. */
  count: number;
  packets: number;
  vrrpPackets: number;
  carpPackets: number;
  /** The helper's first record time (its `tUs` origin), and this part's last one. */
  firstTsUs: number;
  lastTsUs: number;
  /** The entries each interner of the helper added since its previous part, in id order. */
  endpoints: Uint8Array[];
  vipSets: Uint8Array[];
  auths: Uint8Array[];
  /** How many entries each of the helper's interners holds (ids stay below these). */
  interned: number;
  /**
   * With `SegmentDecoder`'s `records`: the byte offset and time (µs since the epoch) of every record
   * of the part, in order (the browser's sparse index takes every 1024th record of the whole file,
   * which only the main thread can count).
   */
  recordOffsets?: Float64Array<ArrayBuffer>;
  recordTimes?: Float64Array<ArrayBuffer>;
  /**
   * The records filled the part exactly and nothing was worth a diagnostic: the rows are what the
   * single reader makes. Otherwise the main thread reads the part itself.
   */
  clean: boolean;
}

/** Entries `from`… of an interner, copied. */
function entriesSince(interner: BytesInterner, from: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let id = from; id < interner.size; id++) out.push(interner.bytes(id).slice());
  return out;
}

/** Decodes parts of one pcap file, in any order; interned ids stay the same from part to part. */
export class SegmentDecoder {
  private readonly sink = new DiagnosticSink();
  private readonly indexer = new Indexer(this.sink, 0, 1 << 16);
  private header: Uint8Array | null = null;
  private sent = { endpoints: 0, vipSets: 0, auths: 0 };
  private readonly pools: Uint8Array[];

  constructor(
    private readonly source: ByteSource,
    private readonly chunkBytes?: number,
    /** Keep every record's offset and time (SegmentRows.recordOffsets). */
    private readonly records = false,
  ) {
    // Parts are chunks or more: read into the repeat cache's compare memory (frame-compare.ts).
    this.pools = this.indexer.readPools(source, chunkBytes);
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Decodes `[from, to)` once the parts asked before are done (they share the index). */
  decode(from: number, to: number): Promise<SegmentRows> {
    const done = this.queue.then(() => this.decodeNow(from, to));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async decodeNow(from: number, to: number): Promise<SegmentRows> {
    const ixr = this.indexer;
    this.header ??= await this.source.read(0, FILE_HEADER_BYTES);
    const before = { packets: ixr.packets, vrrp: ixr.vrrpPackets, carp: ixr.carpPackets };
    const kept = this.records ? new RecordPlaces(Math.ceil((to - from) / 64)) : null;
    const parser = new PcapParser(
      this.sink,
      kept
        ? (r) => {
            kept.add(r.byteOffset, r.tsUs);
            ixr.add(r);
          }
        : (r) => ixr.add(r),
      () => {},
    );
    parser.parse(this.header, 0, false);
    const end = await readRecords(this.source, parser, new Uint8Array(0), from, to, {
      chunkBytes: this.chunkBytes,
      pools: this.pools,
    });
    const ix = ixr.index;
    const rows: SegmentRows = {
      ...ix.copyColumns(ix.length),
      from,
      to,
      count: ix.length,
      packets: ixr.packets - before.packets,
      vrrpPackets: ixr.vrrpPackets - before.vrrp,
      carpPackets: ixr.carpPackets - before.carp,
      firstTsUs: ixr.firstTsUs,
      lastTsUs: ixr.lastTsUs,
      endpoints: entriesSince(ixr.endpoints, this.sent.endpoints),
      vipSets: entriesSince(ixr.vipSets, this.sent.vipSets),
      auths: entriesSince(ixr.auths, this.sent.auths),
      interned: Math.max(ixr.endpoints.size, ixr.vipSets.size, ixr.auths.size),
      clean: end.clean && end.end === to && !parser.stopped && this.sink.list().length === 0,
      ...(kept ? kept.finish() : {}),
    };
    this.sent = { endpoints: ixr.endpoints.size, vipSets: ixr.vipSets.size, auths: ixr.auths.size };
    // The next part's rows start again from the first (the main thread holds these now).
    ix.length = 0;
    return rows;
  }
}

/** Every record's offset and time, in columns grown by doubling. */
class RecordPlaces {
  private offsets: Float64Array<ArrayBuffer>;
  private times: Float64Array<ArrayBuffer>;
  private n = 0;

  constructor(capacity: number) {
    this.offsets = new Float64Array(Math.max(16, capacity));
    this.times = new Float64Array(Math.max(16, capacity));
  }

  add(byteOffset: number, tsUs: number): void {
    if (this.n === this.offsets.length) {
      const o = new Float64Array(this.n * 2);
      const t = new Float64Array(this.n * 2);
      o.set(this.offsets);
      t.set(this.times);
      this.offsets = o;
      this.times = t;
    }
    this.offsets[this.n] = byteOffset;
    this.times[this.n++] = tsUs;
  }

  finish(): Pick<SegmentRows, 'recordOffsets' | 'recordTimes'> {
    return { recordOffsets: this.offsets.slice(0, this.n), recordTimes: this.times.slice(0, this.n) };
  }
}
