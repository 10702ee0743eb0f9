/**
 * The `vrrpscope simulate --json` document: `{"events", "masters", "failovers", "diagnostics"}` with every time in
 * seconds of virtual time at µs precision (the trace's integer µs / 1e6), and the decoded advert
 * fields inlined in advert events so a reader needs no packet table.
 */
import { explainFailovers, type FailoverExplanation } from '../lib/trace/explain-failover';
import { dualMasters, masterRuns as masters } from '../lib/trace/masters';
import type { Trace, TraceEvent } from '../lib/trace/types';
import { toSeconds } from '../lib/trace/time';
import type { Diagnostic } from '../lib/trace/diagnostic';

/** µs → seconds; an integer µs divided by 1e6 prints with at most 6 decimals. */
const seconds = toSeconds;

const ADVERT_KINDS = new Set<TraceEvent['kind']>(['advert-sent', 'advert-received', 'advert-lost']);

/**
 * One event for JSON: `t` and `deadline` in seconds, any `…Us` field renamed without the suffix
 * and in seconds, and for adverts the fields of the frame (vrid, priority, src, dst, version,
 * advertIntervalCs, addresses).
 */
export function jsonEvent(trace: Trace, e: TraceEvent): Record<string, unknown> {
  const out = inSeconds(e) as Record<string, unknown>;
  if (ADVERT_KINDS.has(e.kind) && 'packet' in e && e.packet !== undefined) {
    const p = trace.packets[e.packet];
    if (p?.vrrp)
      Object.assign(out, {
        vrid: p.vrrp.vrid,
        priority: p.vrrp.priority,
        src: p.src,
        dst: p.dst,
        version: p.vrrp.version,
        advertIntervalCs: p.vrrp.advertIntervalCs,
        addresses: p.vrrp.addresses,
      });
  }
  return out;
}

/** A value for JSON: every `t` and `…Us` field (nested ones too, as in causes) in seconds. */
function inSeconds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(inSeconds);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if ((k === 't' || k === 'deadline') && typeof x === 'number') out[k] = seconds(x);
    else if (k.endsWith('Us') && (typeof x === 'number' || x === null))
      out[k.slice(0, -2)] = x === null ? null : seconds(x);
    else out[k] = inSeconds(x);
  }
  return out;
}

function jsonFailover(x: FailoverExplanation) {
  const f = x.failover;
  return {
    at: seconds(f.t),
    vrid: f.vrid,
    from: f.from,
    to: f.to,
    /** The causal story: describeCause of the cause and its chain. */
    text: x.text,
    cause: inSeconds(f.cause),
    chain: inSeconds(f.chain),
    lastAccepted: x.lastAccepted && inSeconds(x.lastAccepted),
    timer: x.timerUs === null ? null : seconds(x.timerUs),
    gapSinceLastAdvert: f.gapUs === null ? null : seconds(f.gapUs),
  };
}

/** A diagnostic for JSON: a time position in seconds, as every other time of the document. */
function jsonDiagnostic(d: Diagnostic): Diagnostic | Record<string, unknown> {
  if (!d.at || !('t' in d.at)) return d;
  return { ...d, at: { t: seconds(d.at.t) } };
}

/**
 * The whole `--json` document of a simulated trace; `diagnostics` are the run's (config warnings
 * and infos such as a check script whose command is not modelled), as the timeline prints them.
 */
export function simulateJson(
  trace: Trace,
  explanations = explainFailovers(trace),
  diagnostics: readonly Diagnostic[] = trace.diagnostics,
) {
  return {
    events: trace.events.map((e) => jsonEvent(trace, e)),
    masters: masters(trace).map((m) => ({
      vrid: m.vrid,
      node: m.node,
      source: m.source,
      from: seconds(m.fromUs),
      to: m.toUs === null ? null : seconds(m.toUs),
    })),
    /** Periods with two or more masters of one VRID (trace/masters.ts). */
    dualMasters: dualMasters(trace).map((d) => ({
      vrid: d.vrid,
      nodes: d.nodes,
      from: seconds(d.fromUs),
      to: d.toUs === null ? null : seconds(d.toUs),
    })),
    /** Changes of master: failovers, not the start of a dual master. */
    failovers: explanations.map(jsonFailover),
    diagnostics: diagnostics.map(jsonDiagnostic),
  };
}
