/**
 * The `investigate --json` shape (issue 11 §4) and the readable report: incidents first, then the
 * diagnoses, then the sources. Times are epoch seconds on the common clock (the first capture's,
 * else the first log's).
 */
import type { Diagnostic } from '../trace/diagnostic';
import { distinctEvidence, type CauseCode, type EvidenceRef } from '../trace/cause';
import { US_PER_S } from '../trace/time';
import type { Investigation } from './investigation';
import type { LogState } from './log-facts';
import { stampSpan } from './sources';

export interface EvidenceJson {
  source: number;
  packet?: number;
  line?: number;
  text: string;
}

export interface InvestigationJson {
  sources: {
    file: string;
    kind: string;
    node: string | null;
    clockOffset: number | null;
    first: number | null;
    last: number | null;
    diagnostics: Diagnostic[];
  }[];
  nodes: { name: string; addresses: string[]; macs: string[] }[];
  transitions: {
    t: number;
    node: string;
    vrid: number | null;
    instance: string | null;
    from: LogState;
    to: LogState;
    cause: CauseCode;
    chain: CauseCode[];
    evidence: EvidenceJson[];
  }[];
  incidents: {
    kind: string;
    vrid: number | null;
    start: number;
    end: number;
    from: string | null;
    to: string | null;
    chain: CauseCode[];
    summary: string;
    evidence: EvidenceJson[];
  }[];
  diagnoses: { code: string; severity: string; message: string; evidence: EvidenceJson[] }[];
  unanswered: string[];
}

const evJson = (e: EvidenceRef): EvidenceJson | null =>
  e.kind === 'log-line'
    ? { source: e.source, line: e.line, text: e.text }
    : e.kind === 'packet'
      ? { source: e.source, packet: e.packet, text: e.text ?? '' }
      : null;
const evList = (l: EvidenceRef[]): EvidenceJson[] =>
  distinctEvidence(l)
    .map(evJson)
    .filter((j) => j !== null);
const sec = (us: number) => Math.round(us) / US_PER_S;

export function investigationJson(inv: Investigation): InvestigationJson {
  return {
    sources: inv.sources.map((s) => {
      const fit = inv.fits.get(s.index);
      const lane = inv.lanes.find((l) => l.source === s.index);
      const offset = fit && fit.method !== 'none' ? sec(fit.offsetUs) : fit ? null : null;
      let first: number | null = null;
      let last: number | null = null;
      const o = fit?.offsetUs ?? 0;
      const rows = s.capture?.rows;
      if (s.capture && rows && rows.length > 0) {
        first = sec(s.capture.epochUs + o);
        last = sec(s.capture.epochUs + rows.t(rows.length - 1) + o);
      }
      const [firstStamp, lastStamp] = stampSpan(s);
      if (firstStamp !== null && lastStamp !== null) {
        first = sec(firstStamp + o);
        last = sec(lastStamp + o);
      }
      const lt =
        s.dump?.instances.map((i) => i.lastTransitionUs).filter((x): x is number => x !== undefined) ?? [];
      if (lt.length > 0) first = last = sec(Math.max(...lt) + o);
      const node = s.pinnedNode ?? lane?.node ?? inv.nodes.ofLane(s.index)?.name ?? null;
      return {
        file: s.file,
        kind: s.kind,
        node: s.capture && !s.pinnedNode ? null : node,
        clockOffset: offset,
        first,
        last,
        diagnostics: s.diagnostics,
      };
    }),
    nodes: inv.nodes.nodes.map((n) => ({ name: n.name, addresses: n.addresses, macs: n.macs })),
    transitions: inv.transitions.map((t) => ({
      t: sec(t.t),
      node: t.node,
      vrid: t.vrid,
      instance: t.instance,
      from: t.from,
      to: t.to,
      cause: t.cause.code,
      chain: t.chain.map((c) => c.code),
      evidence: evList([...t.chain.flatMap((c) => c.evidence), ...t.evidence]),
    })),
    incidents: inv.incidents.map((i) => ({
      kind: i.kind,
      vrid: i.vrid,
      start: sec(i.start),
      end: sec(i.end),
      from: i.from,
      to: i.to,
      chain: i.chain,
      summary: i.summary,
      evidence: evList(i.evidence),
    })),
    diagnoses: inv.diagnoses.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.settle ? `${d.message}. To settle it: ${d.settle}` : d.message,
      evidence: evList(d.evidence),
    })),
    unanswered: inv.unanswered,
  };
}

/** A time on the common clock; within the epoch's first day it has no date (tcpdump's times of day alone). */
const iso = (s: number) =>
  s < 86_400
    ? `${new Date(s * 1000).toISOString().slice(11, 23)} (no date)`
    : new Date(s * 1000).toISOString();
const cite = (j: InvestigationJson, e: EvidenceJson) =>
  `${j.sources[e.source]?.file ?? `source ${e.source}`}${e.line !== undefined ? `:${e.line}` : ''}${e.packet !== undefined ? ` packet ${e.packet}` : ''}: ${e.text}`;

/** The readable report. */
export function formatInvestigation(inv: Investigation): string {
  const j = investigationJson(inv);
  const out: string[] = [];
  out.push(`Incidents (${j.incidents.length}):`);
  if (j.incidents.length === 0) out.push('  none found');
  inv.incidents.forEach((i, k) => {
    const ij = j.incidents[k];
    out.push('', `  ${ij.kind.toUpperCase()} VRID ${ij.vrid ?? '?'}  ${iso(ij.start)} – ${iso(ij.end)}`);
    out.push(`    ${ij.summary}`);
    if (ij.chain.length) out.push(`    chain: ${ij.chain.join(' → ')}`);
    for (const e of ij.evidence.slice(0, 6)) out.push(`    · ${cite(j, e)}`);
  });
  out.push('', `Diagnoses (${j.diagnoses.length}):`);
  if (j.diagnoses.length === 0) out.push('  none');
  for (const d of j.diagnoses) {
    out.push(`  ${d.severity}: [${d.code}] ${d.message}`);
    for (const e of d.evidence.slice(0, 3)) out.push(`    · ${cite(j, e)}`);
  }
  out.push('', `Transitions (${j.transitions.length}):`);
  for (const t of j.transitions)
    out.push(
      `  ${iso(t.t)}  ${t.node.padEnd(14)} VRID ${String(t.vrid ?? '?').padEnd(4)} ${t.from} → ${t.to}  (${[...t.chain, t.cause].join(' → ')})`,
    );
  out.push('', 'Sources:');
  j.sources.forEach((s, k) => {
    const fit = inv.fits.get(inv.sources[k].index);
    const off = !fit
      ? 'no clock'
      : s.clockOffset === null
        ? 'clock not aligned'
        : fit?.method === 'reference'
          ? 'the reference clock'
          : `clock ${s.clockOffset >= 0 ? '+' : ''}${s.clockOffset.toFixed(6)} s ± ${(fit!.uncertaintyUs / US_PER_S).toFixed(6)} (${fit!.method}, ${fit!.matches} matches)`;
    out.push(`  [${k}] ${s.file}: ${s.kind}${s.node ? `, node ${s.node}` : ''}, ${off}`);
    for (const d of s.diagnostics.slice(0, 5))
      out.push(`      ${d.severity}: ${d.message}${d.count ? ` (×${d.count})` : ''} [${d.code}]`);
  });
  for (const u of inv.unreadable) out.push(`  ${u.file}: ${u.reason}`);
  if (
    inv.sources.some(
      (s) => s.log && s.log.lines.resolutionUs.subarray(0, s.log.lines.length).some((r) => r >= US_PER_S),
    ) &&
    inv.sources.some((s) => s.capture)
  )
    out.push(
      '',
      'Logs stamped to the second: the transition times come from the captures, the causes from the logs.',
    );
  if (j.unanswered.length)
    out.push('', 'Not answered by this evidence:', ...j.unanswered.map((u) => `  - ${u}`));
  return out.join('\n') + '\n';
}
