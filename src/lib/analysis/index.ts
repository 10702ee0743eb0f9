/**
 * Capture analysis: a pcap/pcapng capture → the summary report of `vrrpscope analyze` and the same
 * Trace the simulator produces. The whole file streams through a columnar packet index, analysed
 * row by row as it is read; the report is computed from the rows the analysis cites, and only the
 * first `traceRows` rows become Trace objects. Without `packetIndex` only the cited rows stay, so
 * memory follows the routers and their events, not the capture's length.
 */
import { DiagnosticSink } from '../pcap/diagnostics';
import { linkTypeName } from '../pcap/linktype';
import { readCapture, type CaptureRecord, type ReadOptions, type ReadSummary } from '../pcap/reader';
import { bytesSource, isByteSource, type ByteSource } from '../pcap/source';
import type { Trace } from '../trace/types';
import type { CausedTransition, EvidenceRef } from '../trace/cause';
import { Names } from './endpoints';
import { Indexer } from './indexer';
import { parseHosts, scanConfigs, type ConfigFile, type ConfigInstance } from './naming';
import * as P from './packet-index';
import { captureMasters, takeoversOf } from './capture-masters';
import { missingGarps, routerAnomalies, routerReport, sec, type Anomaly, type AnalyzeReport } from './report';
import { readSplit, type SplitOptions } from './split-read';
import { RouterPass, type RouterAnalysis } from './routers';
import { buildTrace } from './trace-build';
import { CarpPass, type CarpRouterAnalysis } from './carp-routers';
import { carpAnomalies, carpRouterReport } from './carp-report';

export type { AnalyzeReport, AnomalyReport, FailoverReport, MasterRunReport, RouterReport } from './report';
export type { ByteSource } from '../pcap/source';

/** Index rows turned into Trace packets by default (the report always covers every packet). */
export const DEFAULT_TRACE_ROWS = 200_000;
/** Rows reserved before reading (≈ 116 MiB); more grow the columns by half as needed. */
const INITIAL_ROWS_MAX = 4_000_000;

export interface AnalyzeOptions {
  /** File name shown in the report. */
  name?: string;
  /** A hosts file (`address name`) to name the routers. */
  hosts?: string;
  /** keepalived.conf files to name routers and instances. */
  configs?: ConfigFile[];
  /** Called as the file is read: bytes done, total bytes. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Rows kept as Trace packets (0: build no Trace objects; the CLI's report needs none). */
  traceRows?: number;
  /** Bytes per read. */
  chunkBytes?: number;
  /**
   * Keep a row per VRRP/CARP advert, ARP and NA (the packet list, the Trace, tests of the index):
   * true by default. False keeps only the rows the report cites (first adverts, changes of master,
   * anomalies, gratuitous ARP/NA) and builds no Trace frames.
   */
  packetIndex?: boolean;
  /** Sees every record before it is indexed (the browser's sparse index of record offsets). */
  onRecord?: (r: CaptureRecord) => void;
  /** pcapng: sees each section header and interface block (see ReadOptions.onHeadBlock). */
  onHeadBlock?: ReadOptions['onHeadBlock'];
  /**
   * Called with each new index row as it is made, before the analysis reads it (and, with
   * `packetIndex` false, may drop it): what a caller needs of every packet, it copies here.
   */
  onRow?: (ix: P.PacketIndex, row: number) => void;
  /**
   * Capture time (µs since the epoch) that t = 0 stands for: by default the first packet's. A part
   * of a capture read on its own (the replay's window) keeps the whole capture's clock with it.
   */
  originUs?: number;
  /** Decode a large pcap file on two threads (with `packetIndex` false): split-read.ts. */
  split?: SplitOptions;
}

/** A source entering MASTER, as a capture shows it. */
export interface MasterEntry extends CausedTransition {
  /** µs from the first packet. */
  atUs: number;
  /** The source's address. */
  to: string;
}

/** The analysis before it is turned into a report and a Trace. */
export interface CaptureAnalysis {
  summary: ReadSummary;
  indexer: Indexer;
  names: Names;
  routers: RouterAnalysis[];
  /** CARP virtual hosts, one per vhid. */
  carp: CarpRouterAnalysis[];
  anomalies: Anomaly[];
  report: AnalyzeReport;
  /**
   * Per router of the report, each time a source entered MASTER as the capture shows it (the first
   * master, every change of master, and the second master of a dual master, which is no change):
   * its cause and chain as found, times in µs from the first packet, packets cited as 0-based frames
   * of source 0, endpoints as `names.label` names them.
   */
  masterEntries: MasterEntry[][];
  /** The parsed `hosts` and `configs` options (address → name; config instances). */
  hosts: Map<string, string>;
  configs: ConfigInstance[];
}

function compareEndpoints(indexer: Indexer) {
  return (a: number, b: number): number => {
    // An endpoint is (address ‖ 6-byte MAC): compare the addresses only.
    const x = indexer.endpoints.bytes(a);
    const y = indexer.endpoints.bytes(b);
    if (x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < x.length - 6; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  };
}

/** Reads and analyses a capture; never throws for bad input (problems become diagnostics). */
export async function analyzeCaptureIndex(
  source: ByteSource | Uint8Array,
  opts: AnalyzeOptions = {},
): Promise<CaptureAnalysis> {
  const src = isByteSource(source) ? source : bytesSource(source as Uint8Array);
  const sink = new DiagnosticSink();
  // A VRRP-only capture has a record every 70–90 bytes: size the columns once for it, but never
  // reserve more than INITIAL_ROWS_MAX up front (a big capture of other traffic needs few rows).
  const all = opts.packetIndex ?? true;
  const rows = all ? Math.min(Math.ceil(src.size / 72), INITIAL_ROWS_MAX) : 1024;
  let compare: (a: number, b: number) => number = () => 0;
  const vrrp = new RouterPass((a, b) => compare(a, b));
  const carpPass = new CarpPass();
  // ARP/NA rows in time order; only gratuitous ones can answer for a takeover (missingGarps).
  const arpRows: number[] = [];
  let arpSeen = 0;
  const indexer = new Indexer(
    sink,
    all ? (opts.traceRows ?? DEFAULT_TRACE_ROWS) : 0,
    rows,
    (ix, i) => {
      opts.onRow?.(ix, i);
      const kind = ix.kind[i];
      if (kind === P.KIND_VRRP) vrrp.add(ix, i);
      else if (kind === P.KIND_CARP) carpPass.add(ix, i);
      else if (kind === P.KIND_ARP || kind === P.KIND_NA) {
        arpSeen++;
        if (all || ix.flags[i] & P.FLAG_GRATUITOUS) arpRows.push(ix.keep(i));
      }
    },
    !all,
  );
  compare = compareEndpoints(indexer);
  if (opts.originUs !== undefined) indexer.firstTsUs = opts.originUs;
  const onRecord = opts.onRecord;
  const add = onRecord
    ? (r: CaptureRecord) => {
        onRecord(r);
        indexer.add(r);
      }
    : (r: CaptureRecord) => indexer.add(r);
  const readOpts: ReadOptions = {
    onProgress: opts.onProgress,
    signal: opts.signal,
    chunkBytes: opts.chunkBytes,
    onHeadBlock: opts.onHeadBlock,
    pools: indexer.readPools(src, opts.chunkBytes),
  };
  // Two threads only when no Trace frames are kept and no one needs the records' bytes (the
  // helper's rows come without them): `onRecord` only with `split.onAdopt`, which sees the helper's parts.
  const split =
    opts.split && !all && !opts.onRow && (!onRecord || opts.split.onAdopt)
      ? await readSplit(src, indexer, { ...opts.split, onRecord }, readOpts)
      : null;
  const summary = split ?? (await readCapture(src, add, readOpts));
  const ix = indexer.index;
  const names = new Names(indexer.endpoints, indexer.vipSets);
  const routers = vrrp.finish();
  const hosts = parseHosts(opts.hosts ?? '');
  const configs = scanConfigs(opts.configs ?? []);
  names.nameNodes(hosts, configs, routers);
  const label = (id: number) => names.label(id);
  const evidence = (row: number): EvidenceRef => ({
    kind: 'packet',
    t: ix.tUs[row],
    source: 0,
    packet: ix.frame[row],
  });
  const carp = carpPass.finish(label, evidence);
  // Who was master when, and the changes of master (capture-masters.ts), per router.
  const elsewhere = takeoversOf(routers);
  const endUs = Number.isNaN(indexer.firstTsUs) ? 0 : indexer.lastTsUs - indexer.firstTsUs;
  const masters = new Map(
    routers.map((r) => [
      r,
      captureMasters(r, ix, label, evidence, compare, {
        elsewhere,
        endUs,
        vips: (row) => names.vips(ix.vips[row]),
      }),
    ]),
  );
  const anomalies: Anomaly[] = [];
  for (const r of routers) anomalies.push(...routerAnomalies(r, ix, names, masters.get(r)!));
  for (const r of carp) anomalies.push(...carpAnomalies(r, routers, ix, names));
  if (arpSeen > 0)
    for (const r of routers) anomalies.push(...missingGarps(r, ix, names, arpRows, endUs, masters.get(r)!));
  else if ([...masters.values()].some((m) => m.changes.length > 0))
    sink.add(
      'analysis.no-arp',
      'info',
      'The capture holds no ARP or neighbour advertisements (capture filter?): GARPs after takeovers were not checked',
      -1,
      0,
    );
  anomalies.sort((a, b) => a.atUs - b.atUs);
  const diagnostics = [...summary.diagnostics, ...sink.list()];
  const report: AnalyzeReport = {
    file: opts.name ?? 'capture',
    format: summary.format,
    linkTypes: summary.linkTypes.map(linkTypeName),
    epochStart: Number.isNaN(indexer.firstTsUs) ? null : sec(indexer.firstTsUs),
    packets: indexer.packets,
    vrrpPackets: indexer.vrrpPackets,
    carpPackets: indexer.carpPackets,
    routers: [
      ...routers.map((r) => routerReport(r, names, masters.get(r)!)),
      ...carp.map((r) => carpRouterReport(r, names)),
    ],
    anomalies: anomalies.map((a) => ({
      code: a.code,
      at: sec(a.atUs),
      vrid: a.vrid,
      protocol: a.protocol ?? 'vrrp',
      message: a.message,
    })),
    diagnostics,
  };
  const address = (endpoint: number) => names.endpoint(endpoint).address;
  const masterEntries: MasterEntry[][] = [
    ...routers.map((r) =>
      masters
        .get(r)!
        .steps.filter((s) => s.to === 'MASTER')
        .map(({ t, source, cause, chain }) => ({ atUs: t, to: address(source), cause, chain })),
    ),
    ...carp.map((r) => [
      ...r.runs.slice(0, 1).map((run) => ({
        atUs: run.fromUs,
        to: address(run.source),
        cause: {
          code: 'unknown-from-capture' as const,
          t: run.fromUs,
          node: label(run.source),
          detail: 'the first master the capture shows',
          evidence: [evidence(run.firstRow)],
        },
        chain: [],
      })),
      ...r.failovers.map(({ atUs, to, cause }) => ({ atUs, to: address(to), cause, chain: [] })),
    ]),
  ];
  return { summary, indexer, names, routers, carp, anomalies, report, masterEntries, hosts, configs };
}

/**
 * Decodes a capture into the `analyze --json` report and a Trace for the UI. The Trace holds at most
 * `traceRows` VRRP/ARP/NA packets (with a diagnostic when the capture has more).
 */
export async function analyzeCapture(
  source: ByteSource | Uint8Array,
  opts: AnalyzeOptions = {},
): Promise<{ report: AnalyzeReport; trace: Trace; frames: number[] }> {
  const a = await analyzeCaptureIndex(source, opts);
  const diagnostics = [...a.report.diagnostics];
  const ix = a.indexer.index;
  if (a.indexer.kept.length < ix.length)
    diagnostics.push({
      code: 'analysis.trace-capped',
      severity: 'info',
      message: `The replay holds the first ${a.indexer.kept.length} of ${ix.length} VRRP/ARP/NA packets; the report covers all of them`,
      at: { packetIndex: ix.frame[a.indexer.kept.length], byteOffset: ix.offset(a.indexer.kept.length) },
    });
  const epochUs = Number.isNaN(a.indexer.firstTsUs) ? 0 : a.indexer.firstTsUs;
  const trace = buildTrace({
    name: a.report.file,
    epochUs,
    endUs: Number.isNaN(a.indexer.firstTsUs) ? 0 : a.indexer.lastTsUs - epochUs,
    ix,
    names: a.names,
    routers: a.routers,
    carp: a.carp,
    anomalies: a.anomalies,
    kept: a.indexer.kept,
    hosts: a.hosts,
    configs: a.configs,
    compare: compareEndpoints(a.indexer),
    diagnostics,
  });
  // The file's frame number (0-based) of each Trace packet, for evidence that cites packets.
  const frames = a.indexer.kept.map((k) => ix.frame[k.row]);
  return { report: a.report, trace, frames };
}
