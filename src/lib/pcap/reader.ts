/**
 * Streaming capture reader: classic pcap and pcapng (docs/style.md §9). It reads the source a chunk
 * at a time, hands each record to a callback as a view into the chunk, and carries only the
 * unfinished remainder into the next chunk — never the whole file. Damage stops or skips with a
 * positioned diagnostic; it never throws for bad input.
 */
import type { Diagnostic } from '../trace/diagnostic';
import { DiagnosticSink } from './diagnostics';
import { PcapParser, PCAP_MAGICS } from './pcap-format';
import { PcapngParser, PCAPNG_SHB, type HeadBlockHook } from './pcapng-format';
import type { ByteSource } from './source';

export type { CaptureRecord, FormatParser } from './record';
import type { CaptureRecord, FormatParser } from './record';

export type CaptureFormat = 'pcap' | 'pcapng';

export interface ReadSummary {
  format: CaptureFormat | null;
  /** Distinct link types, in order of appearance. */
  linkTypes: number[];
  packets: number;
  diagnostics: Diagnostic[];
  /** True when the input is not a capture at all (unknown magic). */
  notCapture: boolean;
}

export interface ReadOptions {
  /** Bytes per read; the source's own `chunkBytes`, else 4 MiB. */
  chunkBytes?: number;
  /** Called after each chunk with bytes done and total bytes. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /**
   * The pooled buffers of `readRecords`, kept by a caller that reads many ranges of one file (a split
   * read), so each range does not allocate its own.
   */
  pools?: Uint8Array[];
  /** pcapng: sees each section header and interface block (the sparse index keeps where they are). */
  onHeadBlock?: HeadBlockHook;
}

export const DEFAULT_CHUNK_BYTES = 4 << 20;
/** Room for the carried remainder, so the pooled buffer rarely has to grow. */
const POOL_SLACK = 256 << 10;
/** The size of each pooled buffer (ReadOptions.pools) for reads of `chunk` bytes. */
export const pooledBytes = (chunk: number): number => POOL_SLACK + chunk;

/** The bytes per read: the caller's, else the source's own, else the default. */
export const chunkBytesOf = (source: ByteSource, chunkBytes?: number): number =>
  chunkBytes ?? source.chunkBytes ?? DEFAULT_CHUNK_BYTES;

/** Fills `target` from `offset` through `readInto`; a view of the bytes read. */
async function readFully(
  readInto: NonNullable<ByteSource['readInto']>,
  offset: number,
  target: Uint8Array,
): Promise<Uint8Array> {
  return target.subarray(0, await readInto(offset, target));
}

export function detectFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null;
  const m = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  if (m === PCAPNG_SHB) return 'pcapng';
  return PCAP_MAGICS.has(m) ? 'pcap' : null;
}

/** Where `readRecords` stopped: after the last whole record it read, and whether that is `to`. */
export interface RangeEnd {
  /** File offset just past the last record parsed (a record boundary). */
  end: number;
  /** The records filled `[from, to)` exactly: no unfinished record, no stop. */
  clean: boolean;
}

/**
 * Feeds `parser` the bytes `[from, to)` of `source` a chunk at a time, `first` being the bytes read
 * from `from` already. `from` must be where a record starts (the file's start, or a boundary the
 * parser ended at). When `to` is the end of the source, the parser sees the end of file (and reports
 * a record cut short); otherwise an unfinished record at `to` is left unread (`clean` false).
 */
export async function readRecords(
  source: ByteSource,
  parser: FormatParser,
  first: Uint8Array,
  from: number,
  to: number,
  opts: ReadOptions = {},
): Promise<RangeEnd> {
  const chunk = chunkBytesOf(source, opts.chunkBytes);
  const fileEnd = to >= source.size;
  const readInto = source.readInto;
  // With readInto, two pooled buffers serve the whole range: while one chunk is parsed, the next is
  // read into the other behind POOL_SLACK bytes of room, where the unfinished remainder then goes.
  // A short range (a page of the packet list, a window) gets buffers of its own size, not the chunk's;
  // ranges of half a chunk or more (a split read's parts, which vary a little) share chunk-sized ones.
  const pools: Uint8Array[] = [];
  const rest = to - from - first.length;
  if (readInto && rest > 0) {
    const kept = opts.pools ?? [];
    const size = pooledBytes(rest >= chunk / 2 ? chunk : rest);
    if (kept.length !== 2 || kept[0].length < pooledBytes(Math.min(chunk, rest)))
      kept.splice(0, kept.length, ...[0, 1].map(() => new Uint8Array(size)));
    pools.push(...kept);
  }
  let spare = 0;
  let buf = first.subarray(0, Math.max(0, to - from));
  let base = from;
  for (;;) {
    opts.signal?.throwIfAborted();
    const atEnd = base + buf.length >= to;
    const eof = atEnd && fileEnd;
    const ahead = !atEnd && pools.length > 0 && readInto ? pools[spare] : null;
    const aheadLen = Math.min(chunk, to - base - buf.length);
    const pending =
      ahead && readInto
        ? readInto(base + buf.length, ahead.subarray(POOL_SLACK, POOL_SLACK + aheadLen))
        : null;
    let used: number;
    try {
      used = parser.parse(buf, base, eof);
    } finally {
      // Never leave a read running on a handle the caller may close.
      if (pending) await pending.catch(() => 0);
    }
    base += used;
    opts.onProgress?.(base, source.size);
    if (parser.stopped) return { end: base, clean: false };
    if (atEnd) return { end: base, clean: used === buf.length };
    const restLen = buf.length - used;
    const room = to - base - restLen;
    let got: number;
    if (ahead && pending && restLen <= POOL_SLACK && parser.need - restLen <= aheadLen) {
      got = await pending;
      ahead.set(buf.subarray(used), POOL_SLACK - restLen);
      buf = ahead.subarray(POOL_SLACK - restLen, POOL_SLACK + got);
      spare = 1 - spare;
    } else if (readInto) {
      // A record bigger than the room the prefetch leaves: a buffer of its own for this step.
      const want = Math.min(room, Math.max(chunk, parser.need - restLen));
      const next = new Uint8Array(restLen + want);
      next.set(buf.subarray(used));
      got = (await readFully(readInto, base + restLen, next.subarray(restLen))).length;
      buf = next.subarray(0, restLen + got);
    } else {
      // Carry only the unfinished record: a small copy, so the finished chunk can be freed.
      const want = Math.min(room, Math.max(chunk, parser.need - restLen));
      const rest = buf.slice(used);
      const more = await source.read(base + restLen, want);
      got = more.length;
      if (restLen === 0) buf = more;
      else {
        buf = new Uint8Array(restLen + more.length);
        buf.set(rest);
        buf.set(more, restLen);
      }
    }
    if (got === 0) {
      const last = parser.parse(buf, base, true);
      return { end: base + last, clean: false };
    }
  }
}

/** Reads every record of `source`, calling `onRecord` for each, in order. */
export async function readCapture(
  source: ByteSource,
  onRecord: (r: CaptureRecord) => void,
  opts: ReadOptions = {},
): Promise<ReadSummary> {
  const sink = new DiagnosticSink();
  const chunk = chunkBytesOf(source, opts.chunkBytes);
  const linkTypes: number[] = [];
  let packets = 0;
  let lastLinkType = -1;
  const emit = (r: CaptureRecord) => {
    if (r.linkType !== lastLinkType && !linkTypes.includes((lastLinkType = r.linkType)))
      linkTypes.push(r.linkType);
    packets++;
    onRecord(r);
  };
  const onLink = (lt: number) => {
    if (!linkTypes.includes(lt)) linkTypes.push(lt);
  };
  const firstLen = Math.min(source.size, Math.max(chunk, 64));
  const first = source.readInto
    ? await readFully(source.readInto, 0, new Uint8Array(firstLen))
    : await source.read(0, firstLen);
  const format = detectFormat(first);
  if (!format) {
    sink.add(
      'capture.not-a-capture',
      'error',
      'Not a pcap or pcapng file (unknown magic number)',
      -1,
      0,
      Math.min(4, source.size),
    );
    return { format: null, linkTypes, packets, diagnostics: sink.list(), notCapture: true };
  }
  const parser: FormatParser =
    format === 'pcap'
      ? new PcapParser(sink, emit, onLink)
      : new PcapngParser(sink, emit, onLink, opts.onHeadBlock);
  await readRecords(source, parser, first, 0, source.size, opts);
  opts.onProgress?.(source.size, source.size);
  return { format, linkTypes, packets, diagnostics: sink.list(), notCapture: false };
}
