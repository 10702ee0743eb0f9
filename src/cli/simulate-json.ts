/**
 * The `vrrpscope simulate --json` document: `{"events", "masters", "failovers", "diagnostics"}` with every time in
 * seconds of virtual time at µs precision (the trace's integer µs / 1e6), and the decoded advert
 * fields inlined in advert events so a reader needs no packet table.
 */
import { explainFailovers, masters, type FailoverExplanation } from '../lib/sim/summary';
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
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if ((k === 't' || k === 'deadline') && typeof v === 'number') out[k] = seconds(v);
    else if (k.endsWith('Us') && (typeof v === 'number' || v === null))
      out[k.slice(0, -2)] = v === null ? null : seconds(v);
    else out[k] = v;
  }
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

function jsonFailover(x: FailoverExplanation) {
  return {
    at: seconds(x.failover.t),
    vrid: x.failover.vrid,
    from: x.failover.from,
    to: x.failover.to,
    /** The causal story (see FailoverExplanation). */
    cause: x.text,
    takeover: x.takeover,
    lastAccepted: x.lastAccepted && { ...x.lastAccepted, t: seconds(x.lastAccepted.t) },
    timer: x.timerUs === null ? null : seconds(x.timerUs),
    discarded: x.discarded.length,
    gapSinceLastAdvert: x.gapSinceLastAdvertUs === null ? null : seconds(x.gapSinceLastAdvertUs),
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
    failovers: explanations.map(jsonFailover),
    diagnostics: diagnostics.map(jsonDiagnostic),
  };
}
