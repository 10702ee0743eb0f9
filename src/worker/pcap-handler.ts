/**
 * The capture worker's logic, apart from the Worker global so that it can be tested in Node:
 * analyse a Blob with progress, honour cancel, and post the result with transfer lists.
 *
 * A capture is read twice, neither time whole: once streamed through the analysis (only the rows the
 * report cites stay, and a sparse index of record offsets), then the Trace from a window of the file
 * around a time (the start at first; later windows on request), so the worker's memory does not
 * grow with the capture's length (issue 13). The first read of a large pcap file is shared with a
 * helper worker when one is given.
 */
import { analyzeCapture, analyzeCaptureIndex, type AnalyzeOptions } from '../lib/analysis/index';
import type { AnalyzeReport } from '../lib/analysis/report';
import type { SegmentHelper, SplitOptions } from '../lib/analysis/split-read';
import {
  readHead,
  SparseIndexBuilder,
  windowAround,
  windowDiagnostics,
  type CaptureWindow,
  type SparseIndex,
} from '../lib/analysis/sparse-index';
import { blobSource, rangeSource, type ByteSource } from '../lib/pcap/source';
import { boundedClock } from '../lib/trace/replay-clock';
import type { Trace } from '../lib/trace/types';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { splitTrace } from './trace-parts';

export type Post = (msg: WorkerResponse, transfer?: Transferable[]) => void;

/**
 * A helper decoding parts of a file on another core (a second worker, segment-client.ts): `start`
 * starts it for a file worth splitting; the rest are split-read.ts's sizes (tests make them small).
 */
export interface HelperOptions extends Pick<SplitOptions, 'minBytes' | 'pairBytes' | 'mainShare'> {
  start: (file: Blob) => SegmentHelper;
}

/** Trace rows when the request names none (the CLI's default: the browser asks for fewer). */
const DEFAULT_WINDOW_ROWS = 200_000;

/** Records to read for a window of `rows` Trace rows: the capture's own share of VRRP/CARP records. */
function windowRecords(report: AnalyzeReport, rows = DEFAULT_WINDOW_ROWS): number {
  const adverts = report.vrrpPackets + report.carpPackets;
  return Math.ceil((rows * report.packets) / Math.max(1, adverts));
}

/**
 * The Trace of window `w` of the capture, on the whole capture's clock, made monotonic and bounded
 * for the replay (replay-clock.ts) here rather than on the main thread.
 */
async function windowTrace(
  source: ByteSource,
  w: CaptureWindow,
  opts: AnalyzeOptions,
  signal: AbortSignal,
): Promise<Trace> {
  const head = await readHead(source, w.head);
  const { trace } = await analyzeCapture(rangeSource(head, source, w.from, w.to), {
    ...opts,
    originUs: w.originUs,
    signal,
  });
  trace.endUs = Math.max(trace.endUs, w.endUs);
  trace.origin.epochUs = w.originUs;
  return boundedClock(trace, w.fromUs).trace;
}

/**
 * The capture worker's message handler. With `helper`, a large classic pcap file's first read is
 * shared with a second worker (split-read.ts): it decodes every other part, this worker the rest and
 * the analysis of all, so the report and the sparse index are the single reader's.
 */
export function createHandler(post: Post, helper?: HelperOptions): (msg: WorkerRequest) => Promise<void> {
  const running = new Map<number, AbortController>();
  return async (msg) => {
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const ctrl = new AbortController();
    running.set(msg.id, ctrl);
    const { file, window: part, ...opts } = msg.payload;
    try {
      const source = blobSource(file);
      let pages: SparseIndex | undefined;
      let whole: AnalyzeReport | undefined;
      let window = part;
      if (!window) {
        const sparse = new SparseIndexBuilder();
        const a = await analyzeCaptureIndex(source, {
          ...opts,
          packetIndex: false,
          onRecord: (r) => sparse.add(r),
          split: helper && {
            ...helper,
            helper: () => helper.start(file),
            onAdopt: (rows) => {
              if (!rows.recordOffsets || !rows.recordTimes)
                throw new Error('the helper kept no record offsets');
              sparse.addRecords(rows.recordOffsets, rows.recordTimes, rows.to);
            },
          },
          onHeadBlock: (at, length, section) => sparse.head(at, length, section),
          signal: ctrl.signal,
          onProgress: (doneBytes, totalBytes) =>
            post({ id: msg.id, type: 'status', payload: { doneBytes, totalBytes } }),
        });
        whole = a.report;
        pages = sparse.finish(file.size);
        window = windowAround(pages, pages.times[0] ?? 0, windowRecords(whole, opts.traceRows));
      }
      const trace = await windowTrace(source, window, opts, ctrl.signal);
      if (whole && pages)
        trace.diagnostics = windowDiagnostics(
          whole.diagnostics,
          trace.diagnostics,
          window,
          pages.packets,
          trace.packets.length,
        );
      const split = splitTrace(trace);
      post({
        id: msg.id,
        type: 'report',
        payload: {
          // A window's own report is of its part only: the caller keeps the whole capture's.
          ...(whole ? { report: whole } : {}),
          trace: split.skeleton,
          packets: split.packets,
          events: split.events,
          window,
          ...(pages ? { pages } : {}),
        },
      });
      for (const { part, transfer } of split.parts()) {
        if (ctrl.signal.aborted) throw ctrl.signal.reason;
        post({ id: msg.id, type: 'trace-part', payload: part }, transfer);
      }
      post({ id: msg.id, type: 'done', payload: {} });
    } catch (e) {
      if (ctrl.signal.aborted) post({ id: msg.id, type: 'cancelled', payload: {} });
      else {
        // The worker boundary turns anything unexpected into a diagnostic (docs/style.md §10).
        const code = (e as { code?: string }).code;
        post({
          id: msg.id,
          type: 'error',
          payload: {
            diagnostic: {
              code: `internal.${code ?? 'worker'}`,
              severity: 'error',
              message: `The capture could not be analysed: ${(e as Error)?.message ?? String(e)}`,
            },
          },
        });
      }
    } finally {
      running.delete(msg.id);
    }
  };
}
