/**
 * Reads a large classic pcap file on two threads (issue 13 §2). The file is cut into parts at record
 * boundaries (pcap-boundary.ts guesses them from a small window at each cut); the main thread reads
 * every other part itself and a helper thread decodes the others into packet-index rows
 * (segment-decode.ts). The main thread analyses every row in file order, its own as it reads them and
 * the helper's as it adopts them, so the analysis is the single reader's.
 *
 * Every guess is checked before anything relies on it: the main thread only adopts a helper's part
 * when the part before it ended exactly at its start and the helper's records filled it exactly,
 * without a diagnostic. Any doubt (a bad guess, a damaged record, a helper that fails, interned ids
 * near their limits) and the main thread reads that part itself, and past a bad guess, the rest of
 * the file: the result is the single reader's in every case, only slower.
 */
import { DiagnosticSink } from '../pcap/diagnostics';
import { findPcapBoundary } from '../pcap/pcap-boundary';
import { FILE_HEADER_BYTES, PcapParser, readPcapHeader, type PcapHeader } from '../pcap/pcap-format';
import {
  detectFormat,
  readRecords,
  type CaptureRecord,
  type ReadOptions,
  type ReadSummary,
} from '../pcap/reader';
import type { ByteSource } from '../pcap/source';
import { ARP_ENDPOINT_LIMIT, type Indexer } from './indexer';
import type { BytesInterner } from './interner';
import * as P from './packet-index';
import type { SegmentRows } from './segment-decode';

/** A helper thread decoding parts of the same file (the CLI's is a worker thread). */
export interface SegmentHelper {
  /** Decodes `[from, to)`; calls are answered in order. */
  decode(from: number, to: number): Promise<SegmentRows>;
  close(): void;
}

export interface SplitOptions {
  /** Starts the helper; called only for a classic pcap file of `minBytes` or more (closed if no part falls to it). */
  helper: () => SegmentHelper;
  /** Smaller files are read on one thread (a thread's start-up would cost more than it saves). */
  minBytes?: number;
  /** A main part and the helper's part after it, together. */
  pairBytes?: number;
  /** The main thread's share of each pair: it also analyses every row, so it decodes less. */
  mainShare?: number;
  /** Sees every record this thread reads itself, before it is indexed. */
  onRecord?: (r: CaptureRecord) => void;
  /**
   * Sees each helper part as it is adopted, in file order between this thread's records: what
   * `onRecord` would have seen of them, it finds there (SegmentRows.recordOffsets, when the helper keeps them).
   */
  onAdopt?: (rows: SegmentRows) => void;
}

export const SPLIT_MIN_BYTES = 64 << 20;
const PAIR_BYTES = 24 << 20;
const MAIN_SHARE = 0.35;
/** Bytes read at each cut to find a record boundary. */
const WINDOW_BYTES = 64 << 10;
/** Helper parts requested ahead of the one the main thread waits for (rows held in memory). */
const AHEAD = 2;

interface Part {
  from: number;
  to: number;
  helper: boolean;
}

/** The parts: alternately the main thread's and the helper's, cut where a record boundary was found. */
async function planParts(src: ByteSource, h: PcapHeader, pair: number, share: number): Promise<Part[]> {
  const parts: Part[] = [];
  const firstRecord = await src.read(FILE_HEADER_BYTES, 4);
  if (firstRecord.length < 4) return [{ from: FILE_HEADER_BYTES, to: src.size, helper: false }];
  const firstSec = new DataView(firstRecord.buffer, firstRecord.byteOffset, 4).getUint32(0, h.le);
  let from = FILE_HEADER_BYTES;
  let helper = false;
  for (let k = 1; ; k++) {
    const target = FILE_HEADER_BYTES + Math.round((Math.floor(k / 2) + (k % 2 ? share : 0)) * pair);
    if (target >= src.size) break;
    const cut = findPcapBoundary(h, await src.read(target, WINDOW_BYTES), target, firstSec);
    if (cut <= from) continue;
    parts.push({ from, to: cut, helper });
    from = cut;
    helper = !helper;
  }
  parts.push({ from, to: src.size, helper });
  return parts;
}

/** The helper's interned ids as this thread's, interned here on first use (so in file order). */
class ForeignIds {
  private readonly entries: Uint8Array[] = [];
  private map = new Int32Array(64).fill(-1);
  constructor(private readonly interner: BytesInterner) {}

  learn(entries: Uint8Array[]): void {
    this.entries.push(...entries);
    if (this.map.length < this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2).fill(-1);
      grown.set(this.map);
      this.map = grown;
    }
  }

  id(foreign: number): number {
    const known = this.map[foreign];
    if (known >= 0) return known;
    const b = this.entries[foreign];
    return (this.map[foreign] = this.interner.intern(b, 0, b.length, b, 0, 0));
  }
}

/**
 * Reads `src` into `indexer` on two threads, or returns null when the file is not a classic pcap of
 * at least `minBytes` (the caller reads it with `readCapture`). Only for an index that keeps no
 * Trace frames.
 */
export async function readSplit(
  src: ByteSource,
  indexer: Indexer,
  split: SplitOptions,
  opts: ReadOptions = {},
): Promise<ReadSummary | null> {
  if (src.size < (split.minBytes ?? SPLIT_MIN_BYTES)) return null;
  const head = await src.read(0, FILE_HEADER_BYTES);
  if (head.length < FILE_HEADER_BYTES || detectFormat(head) !== 'pcap') return null;
  const h = readPcapHeader(new DataView(head.buffer, head.byteOffset, head.byteLength));
  // The helper starts while the parts are planned (a read at each cut): its start-up overlaps them.
  let helper: SegmentHelper | null = split.helper();
  let parts: Part[];
  try {
    parts = await planParts(src, h, split.pairBytes ?? PAIR_BYTES, split.mainShare ?? MAIN_SHARE);
  } catch (e) {
    helper.close();
    throw e;
  }
  if (!parts.some((p) => p.helper)) {
    helper.close();
    return null;
  }

  const sink = new DiagnosticSink();
  const linkTypes: number[] = [];
  let packets = 0;
  const onRecord = split.onRecord;
  const parser = new PcapParser(
    sink,
    onRecord
      ? (r) => {
          packets++;
          onRecord(r);
          indexer.add(r);
        }
      : (r) => {
          packets++;
          indexer.add(r);
        },
    (lt) => linkTypes.push(lt),
  );
  const ids = {
    source: new ForeignIds(indexer.endpoints),
    vips: new ForeignIds(indexer.vipSets),
    auth: new ForeignIds(indexer.auths),
  };
  const asked = new Map<Part, Promise<SegmentRows | null>>();
  const ask = (from: number) => {
    for (const p of parts.slice(from)) {
      if (!helper || asked.size >= AHEAD) break;
      if (!p.helper || asked.has(p)) continue;
      // A failed helper is a part to read here, not an error.
      asked.set(
        p,
        helper.decode(p.from, p.to).catch(() => null),
      );
    }
  };
  const stopHelper = () => {
    helper?.close();
    helper = null;
  };
  // The caller's pools (in the repeat cache's compare memory) serve every part read here.
  const readOpts: ReadOptions = { ...opts, pools: opts.pools ?? [] };
  let pos = 0;
  try {
    ask(0);
    for (let k = 0; k < parts.length; k++) {
      opts.signal?.throwIfAborted();
      const part = parts[k];
      const rows = part.helper ? await asked.get(part) : null;
      asked.delete(part);
      if (rows) {
        ids.source.learn(rows.endpoints);
        ids.vips.learn(rows.vipSets);
        ids.auth.learn(rows.auths);
      }
      ask(k + 1);
      if (rows && rows.clean && pos === part.from && safeIds(indexer, rows)) {
        adopt(indexer, rows, ids, packets);
        split.onAdopt?.(rows);
        packets += rows.packets;
        parser.skipRecords(rows.packets);
        pos = part.to;
      } else {
        // This thread reads the part: from the file's start for the first, else from a proven boundary.
        const whole = k === parts.length - 1;
        const end = await readRecords(src, parser, new Uint8Array(0), pos, part.to, readOpts);
        if (!end.clean && !whole) {
          // A guessed boundary was wrong (or a record is damaged): read on from where the records
          // really end, as the single reader does.
          stopHelper();
          await readRecords(src, parser, new Uint8Array(0), end.end, src.size, readOpts);
          break;
        }
        pos = part.to;
      }
      opts.onProgress?.(pos, src.size);
    }
  } finally {
    stopHelper();
  }
  opts.onProgress?.(src.size, src.size);
  return { format: 'pcap', linkTypes, packets, diagnostics: sink.list(), notCapture: false };
}

/** The helper's ids fit this thread's limits whatever order they take (no row dropped, no id cut). */
function safeIds(indexer: Indexer, rows: SegmentRows): boolean {
  const here = Math.max(indexer.endpoints.size, indexer.vipSets.size, indexer.auths.size);
  return here + rows.interned < ARP_ENDPOINT_LIMIT;
}

/** Adds a helper's rows to the index and analyses each, as `Indexer.add` would have. */
function adopt(
  indexer: Indexer,
  rows: SegmentRows,
  ids: { source: ForeignIds; vips: ForeignIds; auth: ForeignIds },
  framesBefore: number,
): void {
  const ix = indexer.index;
  if (rows.packets > 0 && Number.isNaN(indexer.firstTsUs)) indexer.firstTsUs = rows.firstTsUs;
  // Whole microseconds below 2^53: the shifted times are exactly the single reader's.
  const shift = rows.firstTsUs - indexer.firstTsUs;
  // The columns as locals: `rows` came through postMessage as a plain object with many properties,
  // slow to read from row by row (and PacketIndex's own row copy stays monomorphic).
  const { frame, tUs, offsetLow, offsetHigh, kind, vrid, prio, ttl, flags } = rows;
  const { intervalCs, source, vips, auth, demote, trailer, ipId } = rows;
  for (let j = 0; j < rows.count; j++) {
    const i = ix.push();
    ix.frame[i] = frame[j] + framesBefore;
    ix.tUs[i] = tUs[j] + shift;
    ix.offsetLow[i] = offsetLow[j];
    ix.offsetHigh[i] = offsetHigh[j];
    ix.kind[i] = kind[j];
    ix.vrid[i] = vrid[j];
    ix.prio[i] = prio[j];
    ix.ttl[i] = ttl[j];
    ix.flags[i] = flags[j];
    ix.intervalCs[i] = intervalCs[j];
    ix.source[i] = ids.source.id(source[j]);
    const vrrp = kind[j] === P.KIND_VRRP;
    ix.vips[i] = vrrp ? ids.vips.id(vips[j]) : vips[j];
    ix.auth[i] = vrrp && !(flags[j] & P.FLAG_V3) ? ids.auth.id(auth[j]) : auth[j];
    ix.demote[i] = demote[j];
    ix.trailer[i] = trailer[j];
    ix.ipId[i] = ipId[j];
    indexer.adoptRow(i);
  }
  indexer.packets += rows.packets;
  indexer.vrrpPackets += rows.vrrpPackets;
  indexer.carpPackets += rows.carpPackets;
  if (rows.packets > 0) indexer.lastTsUs = rows.lastTsUs;
}
