/**
 * `vrrpscope investigate`: every piece of evidence on one clock, one set of nodes, transitions with
 * causes, incidents and diagnoses (issue 11). Pure: the caller supplies the bytes.
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import { countBefore } from '../trace/search';
import { US_PER_S, type Micros } from '../trace/time';
import {
  alignCapture,
  alignLog,
  manualFit,
  NO_FIT,
  REFERENCE_FIT,
  type ClockFit,
  type EventPair,
  TimedAdverts,
} from './align';
import { AdvertIndex } from './adverts';
import { placeCaused, type Placing } from './capture-causes';
import { ascending, lowerBound } from './capture-rows';
import { diagnose } from './diagnoses';
import type { Investigation, Lane } from './investigation';
import { NodeIndex } from './identity';
import { findIncidents, masterIntervals, type LastAdvert, type Silence } from './incidents';
import type { LogLines } from './log-lines';
import {
  citedNumber,
  hasNodeLines,
  readConfig,
  readSource,
  stampSpan,
  type CaptureRead,
  type ReadContext,
  type SourceRead,
} from './sources';
import { detectKind } from './detect';
import { yearOf } from './timestamps';
import { logTransitions, type PlacedEntry, type Transition } from './transitions';
import type { EvidenceInput, EvidenceKind } from './types';

export interface InvestigateInput extends EvidenceInput {
  /** `--config` / `--hosts`: the kind is given, not detected. */
  kind?: EvidenceKind;
}

export type { Investigation, Lane } from './investigation';

export interface InvestigateOptions {
  /** The year of year-less syslog stamps (`--year`); else taken from the other evidence. */
  year?: number;
  /** The year to use when no evidence carries one (the CLI passes the current year). */
  fallbackYear?: number;
  /**
   * Clock offsets set by hand, µs per source index (the app's dragged lanes): they replace what the
   * alignment found for that source. The reference capture keeps offset 0.
   */
  offsets?: Record<number, number>;
  /** Rows of each capture decoded as Trace packets for the app's view (none by default: the CLI needs none). */
  tracePackets?: number;
  /**
   * Starts reading a pcap or pcapng input on another thread (the CLI's worker threads), with the
   * context a capture is read in; null to read it on this one. Asked for every capture before any is
   * read here, so that the other threads work while this one reads the rest.
   */
  readCaptureAside?: (input: InvestigateInput, ctx: CaptureContext) => Promise<CaptureRead> | null;
}

/** What reading a capture depends on besides its bytes: the names the hosts file and configs give. */
export type CaptureContext = Pick<ReadContext, 'hostsText' | 'configs'>;

const isCapture = (s: SourceRead) => !!s.capture;

/** A gap on the wire longer than this (two and a half intervals at 1 s) is a node gone silent. */
const SILENT_GAP_US = 2.5 * US_PER_S;

export async function investigate(
  inputs: InvestigateInput[],
  opts: InvestigateOptions = {},
): Promise<Investigation> {
  const unreadable: Investigation['unreadable'] = [];
  const configs = inputs
    .filter((i) => i.kind === 'keepalived-conf')
    .map((i) => ({ file: i.file, text: new TextDecoder().decode(i.bytes) }));
  const hostsText = inputs
    .filter((i) => i.kind === 'hosts')
    .map((i) => new TextDecoder().decode(i.bytes))
    .join('\n');
  const ctx: ReadContext = {
    year: opts.year ?? 1970,
    dayStartUs: 0,
    hostsText,
    configs,
    tracePackets: opts.tracePackets,
  };
  // The captures other threads read, started first; a read that fails there is done here.
  const aside = inputs.map((input) => {
    const kind = input.kind ?? detectKind(input.bytes);
    const started =
      !ctx.tracePackets && (kind === 'pcap' || kind === 'pcapng')
        ? opts.readCaptureAside?.(input, { hostsText, configs })
        : null;
    return started?.catch(() => null);
  });
  let sources: SourceRead[] = [];
  for (const [index, input] of inputs.entries()) {
    const s = await readSource(input, index, ctx, input.kind, aside[index]);
    if (!s) {
      unreadable.push({ file: input.file, reason: 'not a kind of evidence vrrpscope reads' });
      continue;
    }
    s.pinnedNode = input.node;
    sources.push(s);
  }
  // Year-less syslog and time-of-day tcpdump text take their year and date from dated evidence.
  const dated = sources.find(
    (s) => s.capture && !s.capture.dateFromOtherEvidence && s.capture.rows.length > 0,
  );
  const datedLog = sources.find((s) => s.log && !s.log.yearless && s.log.lines.firstStamp() !== null);
  const anchorUs = dated?.capture?.epochUs ?? datedLog?.log?.lines.firstStamp() ?? null;
  const year = opts.year ?? (anchorUs !== null ? yearOf(anchorUs) : (opts.fallbackYear ?? 1970));
  const needsRead = sources.some(
    (s) => (s.log?.yearless && opts.year === undefined) || s.capture?.dateFromOtherEvidence || s.notify,
  );
  if (needsRead) {
    ctx.year = year;
    ctx.dayStartUs = anchorUs !== null ? Math.floor(anchorUs / (86_400 * US_PER_S)) * 86_400 * US_PER_S : 0;
    sources = await Promise.all(
      sources.map(async (s) => {
        if (!(s.log?.yearless || s.capture?.dateFromOtherEvidence || s.notify)) return s;
        const again = (await readSource(inputs[s.index], s.index, ctx, inputs[s.index].kind))!;
        again.pinnedNode = s.pinnedNode;
        return again;
      }),
    );
  }
  const unanswered: string[] = [];
  if (sources.some((s) => s.log?.yearless) && opts.year === undefined)
    unanswered.push(
      anchorUs !== null
        ? `Syslog stamps carry no year: ${year} was taken from the other evidence`
        : `Syslog stamps carry no year and no other evidence has one: ${year} was assumed (give --year)`,
    );

  if (anchorUs === null && sources.some((s) => s.capture?.dateFromOtherEvidence))
    unanswered.push(
      'tcpdump printed times of day only and no other evidence has a date: the times are given without one (print with -tttt to keep it)',
    );

  // Nodes. VIPs move between nodes, so they never identify one.
  const vips = new Set<string>();
  for (const s of sources) {
    for (const k of s.capture?.rows.advertKinds() ?? []) for (const a of k.addresses) vips.add(a);
    for (const i of s.config?.model.instances ?? []) for (const v of i.vips) vips.add(v.address);
    for (const i of s.dump?.instances ?? []) for (const v of i.vips ?? []) vips.add(v);
  }
  const nodes = NodeIndex.build(sources, vips);
  const nodeOfConfig = (s: SourceRead): string | undefined => {
    if (s.pinnedNode) return s.pinnedNode;
    const rid = s.config?.model.globalDefs.routerId;
    if (rid && nodes.node(rid)) return nodes.node(rid)!.name;
    const base = s.file.replace(/^.*[/\\]/, '').replace(/\.conf$/, '');
    return nodes.node(base)?.name ?? rid ?? base;
  };
  // A config shared by the nodes and not pinned to one reads as the node it was found to be (its
  // router_id or file name): read with no config id, its `@node` lines would all be skipped.
  for (const s of sources)
    if (s.config && !s.pinnedNode && hasNodeLines(s.config.text)) {
      const node = nodeOfConfig(s);
      if (!node || !nodes.node(node)) continue;
      readConfig(s, s.config.text, node);
      s.diagnostics.push({
        code: 'evidence.config-read-as',
        severity: 'info',
        message: `its @node lines were read as ${node}'s (pin it with --node NAME=${s.file} if that is wrong)`,
      });
    }
  const vridByInstance = new Map<string, number>();
  for (const s of sources) {
    const node = s.config
      ? nodeOfConfig(s)
      : s.dump
        ? (s.pinnedNode ?? nodes.ofLane(s.index)?.name)
        : undefined;
    if (!node) continue;
    for (const i of s.config?.model.instances ?? [])
      if (i.vrid !== undefined) vridByInstance.set(`${node}/${i.name}`, i.vrid);
    for (const i of s.dump?.instances ?? [])
      if (i.vrid !== undefined) vridByInstance.set(`${node}/${i.name}`, i.vrid);
  }
  const vridsByNode = new Map<string, Set<number>>();
  for (const s of sources)
    for (const k of s.capture?.rows.advertKinds() ?? []) {
      const n = nodes.ofAddress(k.src);
      if (!n) continue;
      const set = vridsByNode.get(n.name) ?? new Set<number>();
      set.add(k.vrid);
      vridsByNode.set(n.name, set);
    }
  const captureVrids = (node: string): Set<number> => vridsByNode.get(node) ?? new Set();
  const vridOf = (node: string, instance: string): number | null => {
    const v = vridByInstance.get(`${node}/${instance}`);
    if (v !== undefined) return v;
    const seen = captureVrids(node);
    return seen.size === 1 ? [...seen][0] : null;
  };

  // The common clock: the first capture, else the first log.
  const fits = new Map<number, ClockFit>();
  const captures = sources.filter(isCapture);
  const ref = captures[0];
  if (ref) {
    fits.set(ref.index, REFERENCE_FIT);
    const senders = new Map<string, number>();
    const timed = (c: SourceRead) =>
      new TimedAdverts(c.capture!.rows, c.capture!.epochUs, senders, c.capture!.frameSample);
    const refAdverts = timed(ref);
    for (const c of captures.slice(1)) {
      const manual = opts.offsets?.[c.index];
      fits.set(c.index, manual !== undefined ? manualFit(manual) : alignCapture(refAdverts, timed(c)));
    }
  }
  const adverts = new AdvertIndex(sources, fits, nodes);
  // GARP frames per capture, read once (every log lane looks for its node's).
  const garps = new Map<number, { t: number; mac: string }[]>();
  for (const c of captures) {
    const epochUs = c.capture!.epochUs;
    garps.set(
      c.index,
      c.capture!.rows.announces().map((a) => ({ t: epochUs + a.t, mac: a.mac })),
    );
  }
  const refEvents = (node: string) => {
    const n = nodes.node(node);
    const master: number[] = [];
    const garp: number[] = [];
    if (!n) return { master, garp };
    for (const c of captures) {
      const fit = fits.get(c.index)!;
      if (fit.method === 'none') continue;
      const cap = c.capture!;
      for (const r of cap.report.routers)
        for (const m of r.masters)
          if (n.addresses.includes(m.source))
            master.push(cap.epochUs + Math.round(m.from * US_PER_S) + fit.offsetUs);
      for (const g of garps.get(c.index)!) if (n.macs.includes(g.mac)) garp.push(g.t + fit.offsetUs);
    }
    return { master, garp };
  };
  const lanes: Lane[] = [];
  const firstLog = sources.find((s) => s.log || s.notify);
  for (const s of sources) {
    const hosts = s.log ? (s.log.hosts.length > 0 ? s.log.hosts : ['']) : s.notify ? [''] : [];
    for (const host of hosts) {
      const node = nodes.ofLane(s.index, host)?.name ?? s.pinnedNode ?? (host || s.file);
      let fit: ClockFit = NO_FIT;
      if (ref) {
        const events: EventPair[] = [];
        const lines = s.log?.lines;
        for (const [i, f] of lines?.facts ?? []) {
          const logUs = lines!.stamp(i);
          if (logUs === null || (lines!.host(i) ?? '') !== host) continue;
          const resolutionUs = lines!.resolutionUs[i];
          if (f.kind === 'state' && f.to === 'MASTER' && !f.intent)
            events.push({ logUs, resolutionUs, kind: 'master' });
          if (f.kind === 'garp' && !f.instance) events.push({ logUs, resolutionUs, kind: 'garp' });
        }
        for (const e of s.notify?.entries ?? [])
          if (e.epochUs !== null && e.state === 'MASTER')
            events.push({ logUs: e.epochUs, resolutionUs: e.resolutionUs, kind: 'master' });
        fit = alignLog(events, refEvents(node));
      } else if (s === firstLog) fit = REFERENCE_FIT;
      const manual = opts.offsets?.[s.index];
      if (manual !== undefined && fit.method !== 'reference') fit = manualFit(manual);
      lanes.push({ source: s.index, host, node, fit });
    }
    const first = lanes.find((l) => l.source === s.index);
    if (first && !fits.has(s.index)) fits.set(s.index, first.fit);
  }
  for (const l of lanes)
    if (l.fit.method === 'none')
      unanswered.push(
        ref
          ? `${sources.find((s) => s.index === l.source)!.file}${l.host ? ` (${l.host})` : ''}: no transition or GARP of ${l.node} matches the captures, so its clock offset is unknown (taken as 0)`
          : `${sources.find((s) => s.index === l.source)!.file}: no capture, so this log's clock is taken as equal to the first log's`,
      );

  // Log transitions, per lane, and the silences the logs show.
  const transitions: Transition[] = [];
  const silences: Silence[] = [];
  for (const l of lanes) {
    const s = sources.find((x) => x.index === l.source)!;
    const placed: PlacedEntry[] = [];
    let lastT: number | null = null;
    const lines = s.log?.lines;
    for (let i = 0; lines && i < lines.length; i++) {
      if (!lines.onLane(i, l.host)) continue;
      // A stamp cut to its resolution: the event lies in [stamp, stamp + resolution).
      const stamp = lines.epochUs[i];
      if (!Number.isNaN(stamp)) lastT = stamp + l.fit.offsetUs + Math.floor(lines.resolutionUs[i] / 2);
      const fact = lastT === null ? null : lines.fact(i);
      if (!fact) continue;
      placed.push({
        source: s.index,
        node: l.node,
        entry: { ...lines.entry(i), fact },
        t: lastT!,
        uncertaintyUs: Math.ceil(lines.resolutionUs[i] / 2) + l.fit.uncertaintyUs,
      });
    }
    transitions.push(...logTransitions(placed, vridOf));
    if (lines) silences.push(...silencesOf(lines, l));
  }
  // Capture transitions: each failover's new master, on the common clock.
  const capTransitions: Transition[] = [];
  // Their times per node and VRID: a takeover another capture already gave (within 0.3 s) is one.
  const capTimes = new Map<string, number[]>();
  for (const c of captures) {
    const fit = fits.get(c.index)!;
    if (fit.method === 'none') continue;
    const cap = c.capture!;
    const placing: Placing = {
      shiftUs: cap.epochUs + fit.offsetUs,
      source: c.index,
      cite: (frame) => citedNumber(cap.citeFrame(frame)),
      describe: (frame) => {
        const row = cap.rows.rowOfFrame(frame);
        return row >= 0 ? cap.rows.describe(row) : undefined;
      },
      node: (label) => {
        const address = cap.addressOf(label);
        return nodes.ofAddress(address)?.name ?? address;
      },
    };
    cap.report.routers.forEach((r, ri) => {
      cap.masterEntries[ri].forEach((entry, j) => {
        // A master from before the capture began entered MASTER where the capture cannot see.
        if (j === 0 && entry.atUs <= 2 * US_PER_S) return;
        const t = cap.epochUs + Math.round(entry.atUs) + fit.offsetUs;
        const node = nodes.ofAddress(entry.to)?.name ?? entry.to;
        const { cause, chain } = placeCaused(entry, placing);
        // The analysis cites the advert that began the run: the transition's own evidence.
        const packets = cause.evidence.filter((e) => e.kind === 'packet');
        const ev: EvidenceRef = packets.find((e) => e.t === t) ??
          packets[0] ?? { kind: 'packet', t, source: c.index, packet: 0, text: `advert from ${entry.to}` };
        const key = `${node}|${r.vrid}`;
        let seen = capTimes.get(key);
        if (!seen) capTimes.set(key, (seen = []));
        if (seen.some((x) => Math.abs(x - t) < 300_000)) return;
        seen.push(t);
        capTransitions.push({
          t,
          uncertaintyUs: fit.uncertaintyUs,
          node,
          instance: null,
          vrid: r.vrid,
          from: 'BACKUP',
          to: 'MASTER',
          cause,
          chain,
          timeFrom: 'capture',
          evidence: [ev],
        });
      });
    });
  }
  // Each node's stamped log lines on the common clock, to tell a silent daemon from a dead one:
  // a typed column per lane (sized by its log), each node's sorted as numbers (no comparator call
  // per comparison), and only when its lanes are not already in time order, as a log nearly always is.
  const laneTimes = new Map<string, Float64Array[]>();
  for (const l of lanes) {
    const lines = sources.find((x) => x.index === l.source)!.log?.lines;
    const col = new Float64Array(lines?.length ?? 0);
    const offsetUs = l.fit.offsetUs;
    let n = 0;
    for (let i = 0; lines && i < lines.length; i++) {
      const t = lines.epochUs[i];
      if (!Number.isNaN(t) && lines.onLane(i, l.host)) col[n++] = t + offsetUs;
    }
    laneTimes.set(l.node, [...(laneTimes.get(l.node) ?? []), col.subarray(0, n)]);
  }
  const logTimes = new Map<string, Float64Array>();
  for (const [node, parts] of laneTimes) {
    let all = parts[0];
    if (parts.length > 1) {
      all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
    }
    logTimes.set(node, ascending(all) ? all : all.sort());
  }
  const logAlive = (node: string, from: Micros, to: Micros): boolean => {
    const list = logTimes.get(node);
    if (!list) return false;
    const k = lowerBound(list, from);
    return k < list.length && list[k] < to;
  };
  // Where a node's advertising, begun at or before `from`, stops: a silent gap (SILENT_GAP_US) or a
  // priority-0 advert ends it. Null when no capture sees the node at all.
  const lastAdvert: LastAdvert = (node, vrid, from) => {
    if (!nodes.node(node)) return null;
    const all = adverts.of(node, vrid);
    if (all.length === 0) return null;
    // A master can fall silent and stay MASTER: its peers' packets keep pushing its advert timer
    // (§2.11). A gap is no end when its own log wrote during the first seconds of it (a stopped or
    // killed daemon writes nothing), or when the adverts it drops explain it (pushedThrough).
    const bridged = (last: Micros, next: Micros) =>
      logAlive(node, last + US_PER_S, Math.min(next - US_PER_S, last + 3.5 * US_PER_S)) ||
      adverts.pushedThrough(node, vrid, last, next);
    return all.advertisingEnd(from, SILENT_GAP_US, bridged);
  };
  // One transition seen in a log and a capture: the capture's time, the log's cause.
  const logOrder = new Map<Transition, number>(transitions.map((t, i) => [t, i]));
  capTransitions.sort((a, b) => a.t - b.t);
  // A node's own log is the record of its transitions while it writes: a takeover on the wire that
  // its log does not show, within the log's span, is not its own (another cluster's router on the
  // same VRID, an address shared) and adds nothing. Outside the span only the wire can tell.
  const logged = new Set(transitions.map((t) => t.node));
  const logCovers = (node: string, t: Micros): boolean => {
    const list = logTimes.get(node);
    return !!list && logged.has(node) && list[0] <= t && t <= list[list.length - 1];
  };
  for (const ct of capTransitions) {
    const match = transitions.find(
      (t) =>
        t.to === 'MASTER' &&
        t.node === ct.node &&
        (t.vrid === ct.vrid || t.vrid === null) &&
        Math.abs(t.t - ct.t) <= t.uncertaintyUs + ct.uncertaintyUs + 500_000,
    );
    if (match) {
      match.t = ct.t;
      match.uncertaintyUs = ct.uncertaintyUs;
      match.vrid ??= ct.vrid;
      match.timeFrom = 'capture';
      match.evidence.push(...ct.evidence);
      if (match.cause.code === 'master-down-timer' && ct.cause.code === 'split-brain')
        match.cause.silence = 'not-heard';
    } else if (
      (stateAt(transitions, ct.node, ct.vrid, ct.t) !== 'MASTER' ||
        lastAdvert(ct.node, ct.vrid, ct.t - 3 * US_PER_S)! < ct.t - 1.5 * US_PER_S) &&
      !logCovers(ct.node, ct.t)
    )
      // A node already MASTER that the capture sees "take over" again (two masters interleaving) changes nothing.
      transitions.push(ct);
  }
  // A log's own order stands: a transition moved to its capture time never jumps ahead of a later line.
  const byLane = new Map<string, Transition[]>();
  for (const t of transitions)
    if (logOrder.has(t)) {
      const k = `${t.evidence[0]?.kind === 'log-line' ? t.evidence[0].source : -1}|${t.node}`;
      byLane.set(k, [...(byLane.get(k) ?? []), t]);
    }
  for (const list of byLane.values()) {
    list.sort((a, b) => logOrder.get(a)! - logOrder.get(b)!);
    for (let i = 1; i < list.length; i++) if (list[i].t < list[i - 1].t) list[i].t = list[i - 1].t + 1;
  }
  transitions.sort((a, b) => a.t - b.t);

  // The evidence's span on the common clock.
  const times: number[] = [];
  for (const c of captures) {
    const fit = fits.get(c.index)!;
    const rows = c.capture!.rows;
    if (rows.length > 0)
      times.push(
        c.capture!.epochUs + fit.offsetUs,
        c.capture!.epochUs + rows.t(rows.length - 1) + fit.offsetUs,
      );
  }
  for (const t of transitions) times.push(t.t);
  for (const l of lanes) {
    const s = sources.find((x) => x.index === l.source)!;
    const [first, last] = stampSpan(s);
    if (first !== null && last !== null) times.push(first + l.fit.offsetUs, last + l.fit.offsetUs);
  }
  const startUs = times.length ? Math.min(...times) : 0;
  const endUs = times.length ? Math.max(...times) : 0;

  // Nodes whose VIP lists share an address serve one virtual router; disjoint lists on one VRID
  // are another cluster (a VRID collision), whose master is no split brain of this one, nor the
  // master a node of this one took over from.
  const clusterOf = clusters(sources, nodes, nodeOfConfig);
  // A peer a log names by its address (the sender of discarded adverts) is a node of the evidence.
  for (const t of transitions)
    if (t.cause.peer) t.cause.peer = nodes.ofAddress(t.cause.peer)?.name ?? t.cause.peer;
  // Cross-node chains: why the old master stopped being heard.
  crossNodeChains(transitions, adverts, silences, clusterOf, logAlive);

  const intervals = masterIntervals(transitions, endUs, lastAdvert, silences);
  const incidents = findIncidents(transitions, intervals, nodeNamer(nodes), clusterOf, startUs);
  const inv: Investigation = {
    sources,
    unreadable,
    nodes,
    fits,
    lanes,
    transitions,
    masterIntervals: intervals,
    incidents,
    diagnoses: [],
    unanswered,
    startUs,
    endUs,
  };
  inv.diagnoses = diagnose(inv);
  return inv;
}

/** The state of a node's instance on a VRID just before `t`, from the transitions so far. */
function stateAt(transitions: Transition[], node: string, vrid: number | null, t: Micros): string | null {
  let st: string | null = null;
  let at = -Infinity;
  for (const x of transitions)
    if (x.node === node && (x.vrid === vrid || x.vrid === null) && x.t <= t && x.t >= at) {
      st = x.to;
      at = x.t;
    }
  return st;
}

/** Per (node, VRID): the component of nodes whose advertised or configured VIPs intersect. */
function clusters(
  sources: SourceRead[],
  nodes: NodeIndex,
  nodeOfConfig: (s: SourceRead) => string | undefined,
): (node: string, vrid: number | null) => string {
  const vipsOf = new Map<string, Set<string>>();
  const add = (node: string | undefined, vrid: number | undefined, vips: string[]) => {
    if (!node || vrid === undefined) return;
    const k = `${node}|${vrid}`;
    const set = vipsOf.get(k) ?? new Set<string>();
    for (const v of vips) set.add(v);
    vipsOf.set(k, set);
  };
  for (const s of sources)
    for (const k of s.capture?.rows.advertKinds() ?? [])
      if (k.priority > 0) add(nodes.ofAddress(k.src)?.name ?? k.src, k.vrid, k.addresses);
  // Configs: with logs alone, the VIP lists they configure are all that tells two clusters apart.
  for (const s of sources)
    if (s.config) {
      const node = nodeOfConfig(s);
      for (const i of s.config.model.instances)
        if (node)
          add(
            node,
            i.vrid,
            i.vips.map((v) => v.address),
          );
    }
  // A node whose VIPs no evidence shows (tcpdump without -v prints none) tells no cluster apart.
  const keys = [...vipsOf.keys()].filter((k) => vipsOf.get(k)!.size > 0);
  const parent = new Map(keys.map((k) => [k, k]));
  const find = (k: string): string => (parent.get(k) === k ? k : find(parent.get(k)!));
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++) {
      if (keys[i].split('|')[1] !== keys[j].split('|')[1]) continue;
      const a = vipsOf.get(keys[i])!;
      if ([...vipsOf.get(keys[j])!].some((v) => a.has(v))) parent.set(find(keys[i]), find(keys[j]));
    }
  // Such a node belongs to the VRID's one cluster, when the others make one.
  const only = new Map<string, string | null>();
  for (const k of keys) {
    const vrid = k.split('|')[1];
    const root = find(k);
    only.set(vrid, only.has(vrid) && only.get(vrid) !== root ? null : root);
  }
  return (node, vrid) => {
    const k = `${node}|${vrid}`;
    return parent.has(k) ? find(k) : (only.get(`${vrid}`) ?? `${vrid}`);
  };
}

/**
 * Silences a node's log shows: `A thread timer expired N seconds ago` after a freeze (SIGSTOP, a
 * stalled host), and a restart with no stop before it (the daemon was killed: its last line is
 * where it fell silent).
 */
function silencesOf(lines: LogLines, lane: Lane): Silence[] {
  const out: Silence[] = [];
  let stopped = true;
  let lastT: number | null = null;
  // The last stamped line before (its row), where a killed daemon fell silent.
  let lastRow = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!lines.onLane(i, lane.host)) continue;
    const stamp = lines.stamp(i);
    const t: number | null = stamp !== null ? stamp + lane.fit.offsetUs : lastT;
    const f = lines.fact(i);
    if (t !== null && f?.kind === 'stalled') {
      const from = t - Math.round(f.seconds * US_PER_S);
      const ev = {
        kind: 'log-line' as const,
        t,
        source: lane.source,
        line: lines.line[i],
        text: lines.text(i),
      };
      out.push({
        node: lane.node,
        from,
        to: t,
        resumes: true,
        cause: {
          code: 'vanished',
          t: from,
          node: lane.node,
          detail: `frozen for ${f.seconds.toFixed(1)} s: its log says a timer ran that late (SIGSTOP or a stalled host)`,
          evidence: [ev],
        },
      });
    }
    if (f?.kind === 'daemon' && f.status === 'starting' && f.detail?.startsWith('Keepalived')) {
      if (!stopped && lastT !== null && t !== null && lastRow >= 0)
        out.push({
          node: lane.node,
          from: lastT,
          to: t,
          cause: {
            code: 'vanished',
            t: lastT,
            node: lane.node,
            detail:
              'its log stops here and keepalived starts again with no stop line: it was killed (SIGKILL) or crashed',
            evidence: [
              {
                kind: 'log-line',
                t: lastT,
                source: lane.source,
                line: lines.line[lastRow],
                text: lines.text(lastRow),
              },
            ],
          },
        });
      stopped = false;
    }
    if (f?.kind === 'daemon' && f.status === 'stopped') stopped = true;
    if (stamp !== null && !(f?.kind === 'daemon' && f.status === 'starting')) {
      lastT = t;
      lastRow = i;
    }
  }
  return out;
}

/** Names an address (as causes carry them) by its node. */
export function nodeNamer(nodes: NodeIndex): (id: string) => string {
  return (id) => nodes.ofAddress(id)?.name ?? id;
}

/** The root of a takeover on the old master: a script or link event, a stop, or silence. */
function crossNodeChains(
  transitions: Transition[],
  adverts: AdvertIndex,
  silences: Silence[],
  clusterOf: (node: string, vrid: number | null) => string,
  logAlive: (node: string, from: Micros, to: Micros) => boolean,
): void {
  const WINDOW = 15 * US_PER_S;
  for (const t of transitions) {
    if (t.to !== 'MASTER' || t.cause.code === 'startup') continue;
    // A chain the node's own log gave (its script recovered, its link came back) stands; so does the
    // capture analysis' chain, but for a root it could not know ("stopped or entered FAULT?"), which
    // the old master's own log may answer.
    const unknownRoot = t.chain[0]?.code === 'unknown-from-capture';
    const ownChain = t.chain.length > 0 && !unknownRoot;
    // The previous master of the VRID: the last other node of its cluster that entered MASTER before
    // t, unless it left MASTER more than WINDOW before t. Found walking back from t, not from the start.
    const cluster = clusterOf(t.node, t.vrid);
    const peer = (x: Transition) =>
      x.node !== t.node &&
      (x.vrid === t.vrid || x.vrid === null || t.vrid === null) &&
      clusterOf(x.node, t.vrid) === cluster;
    const tAt = countBefore(transitions, t.t);
    let at = tAt - 1;
    while (at >= 0 && !(transitions[at].to === 'MASTER' && peer(transitions[at]))) at--;
    if (at < 0) continue;
    const prev = transitions[at];
    let left = false;
    for (let j = at + 1; j < tAt && transitions[j].t < t.t - WINDOW && !left; j++) {
      const x = transitions[j];
      left = x.node === prev.node && x.to !== 'MASTER' && peer(x);
    }
    if (left) continue;
    const old = prev.node;
    // The backup's log says it received priority 0, not from whom: the master it took over from.
    if (t.cause.code === 'priority-zero') t.cause.node ??= old;
    if (t.cause.code === 'master-down-timer') t.cause.peer ??= old;
    // Roots on the old master: its transitions or root causes shortly before (or just after) t.
    const candidates: Cause[] = [];
    for (let j = countBefore(transitions, t.t - WINDOW); j < transitions.length; j++) {
      const x = transitions[j];
      if (x.t > t.t + 2 * US_PER_S) break;
      if (x.node !== old || x.t <= prev.t) continue;
      if (x.to !== 'MASTER')
        candidates.push(...x.chain, ...(x.cause.code === 'higher-priority' ? [] : [x.cause]));
    }
    const root = candidates
      .filter((c) =>
        ['script-failed', 'interface-down', 'stopped', 'fault', 'priority-zero'].includes(c.code),
      )
      .sort((a, b) => a.t - b.t)[0];
    // The old master's adverts in the captures, for its last advert and its silence.
    const capturesSeeOld = adverts.of(old, t.vrid).length > 0;
    const before = adverts.lastBefore(old, t.vrid, t.t);
    const lastAdvert = before
      ? { t: before.t, prio: before.priority, packet: before.packet, source: before.source }
      : null;
    if (t.cause.code === 'master-down-timer' && lastAdvert) {
      // Silent: its last advert is the last one the backup accepted. Lower: it kept advertising
      // below the backup's priority (the new master's first advert shows that priority). Kept
      // advertising at or above it: the backup did not hear (or rejected) those adverts.
      const own = adverts.firstFrom(t.node, t.vrid, t.t - 100_000)?.priority;
      if (!t.cause.silence)
        t.cause.silence =
          t.t - lastAdvert.t > SILENT_GAP_US
            ? 'silent'
            : own !== undefined && lastAdvert.prio !== undefined && lastAdvert.prio >= own
              ? 'not-heard'
              : 'lower-priority';
      if (t.cause.silence === 'silent')
        t.cause.lastAdvert ??= {
          t: lastAdvert.t,
          from: old,
          priority: lastAdvert.prio,
          packet: lastAdvert.packet,
        };
      else if (t.cause.silence === 'lower-priority' && own !== undefined && lastAdvert.prio !== undefined)
        t.cause.priority ??= { own, other: lastAdvert.prio, otherNode: old };
    }
    const frozen = silences.find((sl) => sl.node === old && sl.from <= t.t && sl.to >= t.t - 5 * US_PER_S);
    if (ownChain) continue;
    const lastAdvertRef = (at: { t: Micros; source: number; packet?: number }): EvidenceRef => ({
      kind: 'packet',
      t: at.t,
      source: at.source,
      packet: at.packet ?? 0,
      text: `last advert from ${old}`,
    });
    // A backup that beat another backup to it (two master-down timers, the better one kept it) took
    // over from a silent master too: the silence is the root either way.
    const silentOnWire =
      (t.cause.code === 'master-down-timer' || t.cause.code === 'higher-priority') &&
      capturesSeeOld &&
      lastAdvert &&
      t.t - lastAdvert.t > SILENT_GAP_US;
    // Silent on the wire with no line of its own to say why: vanished, unless its log wrote on
    // through the silence (no dead daemon).
    const silentCause = (): Cause | undefined => {
      if (!silentOnWire || !lastAdvert) return undefined;
      const at = new Date(lastAdvert.t / 1000).toISOString();
      const alive = logAlive(old, lastAdvert.t + US_PER_S, t.t);
      return {
        code: alive ? 'unknown-from-capture' : 'vanished',
        t: lastAdvert.t,
        node: old,
        // CARP's adverts carry no priority: ucarp or a kernel's carp, no keepalived.
        ...(!alive && lastAdvert.prio === undefined ? { subject: 'CARP' } : {}),
        detail: alive
          ? `silent on the wire after its advert at ${at} while its log kept writing: alive, its adverts held back or lost (a peer's adverts push a master's advert timer, §2.11)`
          : `silent after its advert at ${at}, and no line of its own explains it: SIGKILL, SIGSTOP, a crash or a lost link`,
        evidence: [lastAdvertRef(lastAdvert)],
      };
    };
    // A killed daemon's log falls silent at its last line, often long before: its last advert on the
    // wire is nearer the kill.
    const silenced =
      frozen && !frozen.resumes && lastAdvert && lastAdvert.t > frozen.cause.t
        ? {
            ...frozen.cause,
            t: lastAdvert.t,
            evidence: [...frozen.cause.evidence, lastAdvertRef(lastAdvert)],
          }
        : frozen?.cause;
    const known = root ?? silenced ?? silentCause();
    if (known) t.chain = unknownRoot ? [known, ...t.chain.slice(1)] : [known];
  }
}
