/**
 * The state events a capture supports, per virtual router, walked in packet order: MASTER when a
 * source's master run starts, BACKUP when another master takes over or after its priority-0 advert
 * (§2.8), and BACKUP "inferred" for an instance that is silent while another router is master — but
 * only when the instance is known then: heard before, or named from keepalived.conf. Before that a
 * capture knows nothing about it, and the instance keeps the trace's initial INIT (shown as
 * "unknown" for captures).
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import type { TraceEvent, VrrpState } from '../trace/types';
import * as P from './packet-index';
import type { Run, RouterAnalysis } from './routers';

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
}

type Step = { row: number; run: Run; prev: Run | null } | { row: number; run: null; prev: null };

export function observedStates(w: StateWalk): TraceEvent[] {
  const { ix } = w;
  const runs = w.router.runs.filter((run) => run.firstRow < w.rowLimit);
  const resigns = w.router.resigns.filter((row) => row < w.rowLimit);
  // One instance per source and router, whatever priority its later adverts carry.
  const speakers = new Map<number, Speaker>();
  const speaker = (endpoint: number, row: number): Speaker => {
    let s = speakers.get(endpoint);
    if (!s) speakers.set(endpoint, (s = w.speaker(endpoint, row)));
    return s;
  };
  for (const run of runs) speaker(run.source, run.firstRow);
  for (const row of resigns) speaker(ix.source[row], row);

  const steps: Step[] = [
    ...runs.map((run, k) => ({ row: run.firstRow, run, prev: k > 0 ? runs[k - 1] : null })),
    ...resigns.map((row) => ({ row, run: null, prev: null })),
  ].sort((a, b) => a.row - b.row);

  const events: TraceEvent[] = [];
  const state = new Map<string, VrrpState>();
  const heard = new Set<string>();
  const move = (
    t: number,
    s: Speaker,
    to: 'BACKUP' | 'MASTER',
    cause: Cause,
    chain: Cause[],
    vipRow: number | null,
  ) => {
    const from = state.get(s.id) ?? 'INIT';
    state.set(s.id, to);
    events.push({ t, kind: 'state', node: s.node, instance: s.id, from, to, cause, chain });
    for (const address of vipRow === null ? [] : w.vips(vipRow))
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
  const current = (s: Speaker) => state.get(s.id) ?? 'INIT';
  const unknown = (t: number, s: Speaker, detail: string, row: number | null): Cause => ({
    code: 'unknown-from-capture',
    t,
    node: s.node,
    instance: s.id,
    detail,
    evidence: row === null ? [] : [w.evidence(row)],
  });

  for (const step of steps) {
    const t = ix.tUs[step.row];
    if (!step.run) {
      const s = speaker(ix.source[step.row], step.row);
      heard.add(s.id);
      if (current(s) === 'MASTER')
        move(
          t,
          s,
          'BACKUP',
          { code: 'priority-zero', t, node: s.node, instance: s.id, evidence: [w.evidence(step.row)] },
          [unknown(t, s, 'a stop (SIGTERM) or a fault', step.row)],
          step.row,
        );
      continue;
    }
    const { run, prev } = step;
    const master = speaker(run.source, run.firstRow);
    if (prev && prev.source !== run.source) {
      const old = speaker(prev.source, prev.lastRow);
      if (current(old) === 'MASTER')
        move(
          t,
          old,
          'BACKUP',
          unknown(t, old, `${w.address(run.source)} took over`, run.firstRow),
          [],
          prev.lastRow,
        );
    }
    if (current(master) !== 'MASTER')
      move(
        t,
        master,
        'MASTER',
        unknown(t, master, `first advert of a master run (priority ${run.priorities[0]})`, run.firstRow),
        [],
        run.firstRow,
      );
    heard.add(master.id);
    for (const s of speakers.values())
      if (s !== master && current(s) === 'INIT' && (heard.has(s.id) || s.configured))
        move(
          t,
          s,
          'BACKUP',
          unknown(t, s, `inferred: silent while ${master.node} is master`, null),
          [],
          null,
        );
  }
  return events;
}
