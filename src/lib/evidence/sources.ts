/**
 * Reads each piece of evidence by its recognised kind into one shape the investigation works on:
 * its packets (captures and tcpdump text, decoded by the same capture analysis), its log entries,
 * notify lines, dump snapshots, configs or hosts names.
 */
import { analyzeCaptureIndex, type AnalyzeReport, type MasterEntry } from '../analysis/index';
import { grownCapacity, grownColumn, type PacketIndex } from '../analysis/packet-index';
import { packetOf } from '../analysis/trace-packet';
import { newLayout } from '../pcap/layout';
import { parseHosts } from '../analysis/naming';
import type { ByteSource } from '../pcap/source';
import { parseConfig } from '../config/index';
import type { KeepalivedConfig } from '../config/model';
import type { Diagnostic } from '../trace/diagnostic';
import type { TracePacket } from '../trace/types';
import type { FrameSample } from './align';
import { CaptureRows, ROW_COLUMNS, type RowIndex } from './capture-rows';
import { detectKind } from './detect';
import { readDataDump, readJsonDump, readStatsDump, type DumpRead } from './dumps';
import { readLog } from './keepalived-log';
import { readNotify, type NotifyRead } from './notify';
import { tcpdumpCapture } from './tcpdump-frames';
import { readTcpdumpText } from './tcpdump-text';
import { decodeText } from './text';
import type { EvidenceInput, EvidenceKind, LogRead } from './types';

/** A capture (or tcpdump text) after the capture analysis. */
export interface CaptureRead {
  report: AnalyzeReport;
  /** µs since the epoch of the first packet (the capture's own clock). */
  epochUs: number;
  /** Every VRRP/CARP/ARP/NA packet of the capture, t relative to epochUs. */
  rows: CaptureRows;
  /** The first `tracePackets` rows as Trace packets (the app's view), t relative to epochUs. */
  packets: TracePacket[];
  /** What a citation of a row names: the 1-based frame (captures) or the text line (tcpdump text). */
  cite(row: number): { packet?: number; line?: number };
  /** The same for a 0-based frame. */
  citeFrame(frame: number): { packet?: number; line?: number };
  /** Per router of the report, each source's entering MASTER with the analysis' cause and chain. */
  masterEntries: MasterEntry[][];
  /** The address an endpoint label of the analysis (`masterEntries`' causes) names. */
  addressOf(label: string): string;
  /** The text had only times of day: the date was taken from other evidence. */
  dateFromOtherEvidence?: boolean;
  /** Its keyed adverts for the clock alignment, when the thread that read it found them. */
  frameSample?: FrameSample;
}

/** A citation as one number: the packet, or the tcpdump text's line. */
export const citedNumber = (c: { packet?: number; line?: number }): number => c.packet ?? c.line ?? 0;

export interface SourceRead {
  index: number;
  file: string;
  kind: EvidenceKind;
  /** `--node NAME=FILE`. */
  pinnedNode?: string;
  capture?: CaptureRead;
  log?: LogRead;
  notify?: NotifyRead;
  dump?: DumpRead;
  config?: { model: KeepalivedConfig; text: string };
  hosts?: Map<string, string>;
  diagnostics: Diagnostic[];
}

export interface ReadContext {
  /** The year of year-less syslog stamps. */
  year: number;
  /** The epoch (µs) of the midnight that time-of-day tcpdump stamps count from. */
  dayStartUs: number;
  hostsText?: string;
  configs: { file: string; text: string }[];
  /** Rows of each capture decoded as Trace packets, for the app's view (0 when unset). */
  tracePackets?: number;
}

/** Reads a capture (or tcpdump text turned into one, whose frames `cite` maps to its lines). */
export async function captureOf(
  bytes: Uint8Array | ByteSource,
  file: string,
  ctx: ReadContext,
  cite?: (frame: number) => { line?: number },
): Promise<CaptureRead> {
  const tracePackets = ctx.tracePackets ?? 0;
  // Without Trace packets (the CLI), the analysis keeps only the rows its report cites, as `analyze`
  // does, and each row is copied here as it is made; the view's frames need the full index.
  const size = bytes instanceof Uint8Array ? bytes.length : bytes.size;
  const copy = tracePackets > 0 ? null : new RowCopy(Math.min(1 << 20, 1024 + Math.ceil(size / 72)));
  const a = await analyzeCaptureIndex(bytes, {
    name: file,
    hosts: ctx.hostsText,
    configs: ctx.configs,
    traceRows: tracePackets,
    packetIndex: !copy,
    onRow: copy ? (from, row) => copy.push(from, row) : undefined,
  });
  // The investigation reads the index's columns for every packet; only the view's first rows are
  // decoded as Trace packets, without the replay's events (the investigation makes its own).
  const ix = copy ?? a.indexer.index;
  const layout = newLayout();
  return captureRead(
    {
      report: a.report,
      epochUs: Number.isNaN(a.indexer.firstTsUs) ? 0 : a.indexer.firstTsUs,
      rows: new CaptureRows(ix, a.names),
      packets: a.indexer.kept.map((k, i) => packetOf(k, i, ix.tUs[k.row], layout)),
      masterEntries: a.masterEntries,
    },
    cite,
  );
}

/** What a capture's read is made of: the rest follows from it (captureRead). */
export type CaptureCore = Pick<
  CaptureRead,
  'report' | 'epochUs' | 'rows' | 'packets' | 'masterEntries' | 'frameSample'
>;

/** A capture's read from its core; `cite` maps frames to tcpdump text lines (else frame + 1). */
export function captureRead(core: CaptureCore, cite?: (frame: number) => { line?: number }): CaptureRead {
  const citeFrame = (frame: number) => (cite ? cite(frame) : { packet: frame + 1 });
  const { ix } = core.rows;
  return {
    ...core,
    cite: (row) => citeFrame(ix.frame[row]),
    citeFrame,
    addressOf: (label) => core.rows.names.addressOf(label),
  };
}

/**
 * The columns the investigation reads, copied row by row as the analysis makes them (22 bytes a row):
 * a packet index of its own would also allocate the columns no one here reads (34 bytes a row).
 */
class RowCopy implements RowIndex {
  length = 0;
  frame: Uint32Array;
  tUs: Float64Array;
  kind: Uint8Array;
  vrid: Uint8Array;
  prio: Uint8Array;
  flags: Uint8Array;
  source: Uint16Array;
  vips: Uint16Array;
  ipId: Uint16Array;

  constructor(capacity: number) {
    this.frame = new Uint32Array(capacity);
    this.tUs = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.vrid = new Uint8Array(capacity);
    this.prio = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.source = new Uint16Array(capacity);
    this.vips = new Uint16Array(capacity);
    this.ipId = new Uint16Array(capacity);
  }

  /** Appends row `row` of `from`. */
  push(from: PacketIndex, row: number): void {
    if (this.length === this.frame.length) this.grow(grownCapacity(this.length));
    const i = this.length++;
    this.frame[i] = from.frame[row];
    this.tUs[i] = from.tUs[row];
    this.kind[i] = from.kind[row];
    this.vrid[i] = from.vrid[row];
    this.prio[i] = from.prio[row];
    this.flags[i] = from.flags[row];
    this.source[i] = from.source[row];
    this.vips[i] = from.vips[row];
    this.ipId[i] = from.ipId[row];
  }

  /** Moves the columns to ones of `n` rows. */
  private grow(n: number): void {
    for (const name of ROW_COLUMNS) {
      const old = this[name];
      (this as Record<typeof name, typeof old>)[name] = grownColumn(old, n);
    }
  }
}

/** The first and last stamps of a log or notify source (null when it has none). */
export function stampSpan(s: SourceRead): [number | null, number | null] {
  if (s.log) return [s.log.lines.firstStamp(), s.log.lines.lastStamp()];
  const entries = s.notify?.entries ?? [];
  return [
    entries.find((e) => e.epochUs !== null)?.epochUs ?? null,
    entries.findLast((e) => e.epochUs !== null)?.epochUs ?? null,
  ];
}

/**
 * A keepalived.conf as the daemon of node `configId` reads it (its `@node` lines; keepalived
 * 2.2.7's config id is the hostname unless `-i` says otherwise). Read again, it replaces what it had.
 */
export function readConfig(s: SourceRead, text: string, configId: string | undefined): void {
  const r = parseConfig(text, { file: s.file, configId });
  s.config = { model: r.value, text };
  s.diagnostics = r.diagnostics.filter((d) => d.severity !== 'info');
}

/** Whether a config has lines for some nodes only (`@node`, `@^node`): it reads per node. */
export const hasNodeLines = (text: string): boolean => /^[ \t]*@/m.test(text);

/**
 * Reads one input; null when it is no evidence vrrpscope reads. `aside` is a capture's read already
 * under way on another thread (null: it failed there, and is read here).
 */
export async function readSource(
  input: EvidenceInput,
  index: number,
  ctx: ReadContext,
  forcedKind?: EvidenceKind,
  aside?: Promise<CaptureRead | null>,
): Promise<SourceRead | null> {
  const kind = forcedKind ?? detectKind(input.bytes);
  if (!kind) return null;
  const s: SourceRead = { index, file: input.file, kind, diagnostics: [] };
  const file = input.file;
  switch (kind) {
    case 'pcap':
    case 'pcapng':
      s.capture = (await aside) ?? (await captureOf(input.source ?? input.bytes, file, ctx));
      s.diagnostics.push(...s.capture.report.diagnostics);
      break;
    case 'tcpdump-text': {
      const t = readTcpdumpText(input.bytes, { file });
      const cap = tcpdumpCapture(t, ctx.dayStartUs);
      s.capture = await captureOf(cap.pcap, file, ctx, (frame) => ({
        line: t.packets[cap.packetOf[frame]]?.line,
      }));
      s.capture.dateFromOtherEvidence = t.timeForm === 'time';
      s.diagnostics.push(...t.diagnostics);
      if (t.timeForm === 'time')
        s.diagnostics.push({
          code: 'evidence.tcpdump-no-date',
          severity: 'info',
          message:
            'tcpdump printed times of day only: the date is taken from the other evidence (use -tttt to keep it)',
        });
      break;
    }
    case 'keepalived-log':
    case 'syslog':
    case 'journal':
      s.log = readLog(input.bytes, { file, year: ctx.year });
      s.kind = s.log.kind;
      s.diagnostics.push(...s.log.diagnostics.filter((d) => d.code !== 'evidence.log-no-year'));
      break;
    case 'notify-fifo':
      s.notify = readNotify(input.bytes, { file, year: ctx.year });
      s.diagnostics.push(...s.notify.diagnostics);
      break;
    case 'keepalived-json': {
      const d = readJsonDump(input.bytes, file);
      if (!d) return null;
      s.dump = d;
      s.diagnostics.push(...d.diagnostics);
      break;
    }
    case 'keepalived-data':
      s.dump = readDataDump(input.bytes, file);
      s.diagnostics.push(...s.dump.diagnostics);
      break;
    case 'keepalived-stats':
      s.dump = readStatsDump(input.bytes, file);
      s.diagnostics.push(...s.dump.diagnostics);
      break;
    case 'keepalived-conf':
      readConfig(s, decodeText(input.bytes), input.node);
      break;
    case 'hosts':
      s.hosts = parseHosts(decodeText(input.bytes));
      break;
  }
  return s;
}
