/**
 * The state events a capture supports, per virtual router: MASTER, BACKUP and unknown as
 * capture-masters.ts reads them from the adverts (dual masters included), and BACKUP "inferred" for an
 * instance that is silent while another router is master — but only when the instance is known then:
 * heard before, or named from keepalived.conf, and never master before. Otherwise a capture knows
 * nothing about it, and the instance keeps (or returns to) INIT, shown as "unknown" for captures.
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import { captureMasters, type CaptureMasters, type Takeover } from './capture-masters';
import type { TraceEvent, VrrpState } from '../trace/types';
import * as P from './packet-index';
import type { RouterAnalysis } from './routers';

/** One sender of the router as the trace names it. */
export interface Speaker {
  id: string;
  node: string;
  /** Named from a keepalived.conf `vrrp_instance`, so it exists even while silent. */
  configured: boolean;
}

export interface StateWalk {
  router: RouterAnalysis;
  ix: P.PacketIndex;
  /** Rows at and past it are not in the trace. */
  rowLimit: number;
  /** The instance that sent `row` from `endpoint`; called first in runs-then-resigns order. */
  speaker(endpoint: number, row: number): Speaker;
  /** The sender's address, for the "took over" detail. */
  address(endpoint: number): string;
  /** The VIPs a VRRP row carries, without prefix. */
  vips(row: number): string[];
  /** The packet reference of a row. */
  evidence(row: number): EvidenceRef;
  /** The tie-break comparison of two endpoints' addresses (§2.6.1). */
  compare(a: number, b: number): number;
  /** Every router's takeovers (capture-masters.ts takeoversOf): a sync group's members move together. */
  elsewhere: readonly Takeover[];
  /** When the capture ends, when the trace holds all its rows (CaptureScope.endUs). */
  endUs?: number;
}

/**
 * The state events of one router: each source's MASTER, BACKUP and unknown (INIT) as capture-masters.ts
 * reads them, with their causes; and BACKUP "inferred" for a known instance that is silent while
 * another is master.
 */
export function observedStates(w: StateWalk): { events: TraceEvent[]; masters: CaptureMasters } {
  const { ix } = w;
  const speakers = new Map<number, Speaker>();
  const speaker = (endpoint: number, row: number): Speaker => {
    let s = speakers.get(endpoint);
    if (!s) speakers.set(endpoint, (s = w.speaker(endpoint, row)));
    return s;
  };
  for (const run of w.router.runs) if (run.firstRow < w.rowLimit) speaker(run.source, run.firstRow);
  for (const row of w.router.resigns) if (row < w.rowLimit) speaker(ix.source[row], row);
  const masters = captureMasters(
    w.router,
    ix,
    (endpoint) => speakers.get(endpoint)?.node ?? w.address(endpoint),
    w.evidence,
    w.compare,
    {
      rowLimit: w.rowLimit,
      elsewhere: w.elsewhere,
      vips: w.vips,
      ...(w.endUs !== undefined ? { endUs: w.endUs } : {}),
    },
  );

  const events: TraceEvent[] = [];
  const state = new Map<string, VrrpState>();
  const heard = new Set<string>();
  const current = (s: Speaker) => state.get(s.id) ?? 'INIT';
  const move = (
    t: number,
    s: Speaker,
    to: VrrpState,
    cause: Cause,
    chain: Cause[],
    vipRow: number | null,
  ) => {
    const from = current(s);
    if (from === to) return;
    state.set(s.id, to);
    events.push({ t, kind: 'state', node: s.node, instance: s.id, from, to, cause, chain });
    if (vipRow !== null && (to === 'MASTER' || from === 'MASTER'))
      for (const address of w.vips(vipRow))
        events.push({
          t,
          kind: 'vip',
          node: s.node,
          instance: s.id,
          interface: 'capture',
          address,
          op: to === 'MASTER' ? 'add' : 'remove',
        });
  };

  const wasMaster = new Set<Speaker>();
  for (const step of masters.steps) {
    const s = speaker(step.source, step.row);
    heard.add(s.id);
    if (step.to === 'MASTER') wasMaster.add(s);
    move(step.t, s, step.to, step.cause, step.chain, step.row);
    if (step.to !== 'MASTER') continue;
    for (const o of speakers.values())
      // One that was master and fell silent or resigned stays unknown: nothing says it is BACKUP.
      if (o !== s && current(o) === 'INIT' && (heard.has(o.id) || o.configured) && !wasMaster.has(o))
        move(
          step.t,
          o,
          'BACKUP',
          {
            code: 'unknown-from-capture',
            t: step.t,
            node: o.node,
            instance: o.id,
            detail: `inferred: silent while ${s.node} is master`,
            evidence: [],
          },
          [],
          null,
        );
  }
  return { events, masters };
}
