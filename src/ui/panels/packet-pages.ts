/**
 * The packet list of a capture too large for its Trace: every record of the file, read again from the
 * Blob a page (a block of the sparse index, 1024 records, ~80 KB) at a time as the list scrolls. The
 * browser reads the slice off the main thread; decoding a page takes a few ms. Recent pages are cached.
 */
import {
  blockAtTime,
  blockOf,
  blocksRange,
  headRanges,
  readHead,
  type SparseIndex,
} from '../../lib/analysis/sparse-index';
import { packetOf } from '../../lib/analysis/trace-packet';
import { newLayout } from '../../lib/pcap/layout';
import { readCapture } from '../../lib/pcap/reader';
import { blobSource, rangeSource, type ByteSource } from '../../lib/pcap/source';
import type { TracePacket } from '../../lib/trace/types';

/** Pages kept decoded (≈ 64 × 1024 packets). */
const CACHED_PAGES = 64;

export class PacketPages {
  readonly #source: ByteSource;
  readonly #pages: SparseIndex;
  /** Heads read (sparse-index.ts headRanges), by their ranges: one unless pcapng adds interfaces later. */
  readonly #heads = new Map<string, Promise<Uint8Array>>();
  /** Decoded pages by block, oldest use first. */
  readonly #cache = new Map<number, TracePacket[]>();
  readonly #loading = new Map<number, Promise<TracePacket[]>>();

  constructor(
    file: Blob,
    pages: SparseIndex,
    /** Called when a page arrives, so that the list draws it. */
    private readonly onload: () => void = () => {},
  ) {
    this.#source = blobSource(file);
    this.#pages = pages;
  }

  get count(): number {
    return this.#pages.packets;
  }

  get index(): SparseIndex {
    return this.#pages;
  }

  /** Packet `k` (0-based record number) if its page is read; else undefined, and its page is asked for. */
  at(k: number): TracePacket | undefined {
    if (k < 0 || k >= this.count) return undefined;
    const block = blockOf(this.#pages, k);
    const page = this.#cache.get(block);
    if (!page) {
      void this.page(block);
      return undefined;
    }
    this.#cache.delete(block);
    this.#cache.set(block, page);
    return page[k - block * this.#pages.every];
  }

  /** The decoded packets of `block`. */
  page(block: number): Promise<TracePacket[]> {
    const cached = this.#cache.get(block);
    if (cached) return Promise.resolve(cached);
    let p = this.#loading.get(block);
    if (!p) {
      p = this.#read(block).finally(() => this.#loading.delete(block));
      this.#loading.set(block, p);
    }
    return p;
  }

  async #read(block: number): Promise<TracePacket[]> {
    const s = this.#pages;
    const ranges = headRanges(s, block);
    const key = ranges.join();
    let pending = this.#heads.get(key);
    if (!pending) this.#heads.set(key, (pending = readHead(this.#source, ranges)));
    const head = await pending;
    const r = blocksRange(s, block, block + 1);
    const origin = s.times[0] ?? 0;
    const out: TracePacket[] = [];
    const l = newLayout();
    await readCapture(rangeSource(head, this.#source, r.from, r.to), (rec) => {
      const kept = { row: 0, bytes: rec.data.slice(), linkType: rec.linkType, comment: rec.comment };
      out.push(packetOf(kept, r.packet + rec.packetIndex, rec.tsUs - origin, l));
    });
    this.#cache.set(block, out);
    while (this.#cache.size > CACHED_PAGES) this.#cache.delete(this.#cache.keys().next().value!);
    this.onload();
    return out;
  }

  /** The number of the last packet at or before `t` (µs on the capture's clock), once its page is read. */
  async packetAtTime(t: number): Promise<number> {
    const s = this.#pages;
    const origin = s.times[0] ?? 0;
    if (s.times.length === 0 || t < 0) return -1;
    const block = blockAtTime(s, origin + t);
    const page = await this.page(block);
    let k = page.length - 1;
    while (k > 0 && page[k].t > t) k--;
    return block * s.every + k;
  }
}
