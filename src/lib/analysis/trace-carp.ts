/**
 * The state changes of a CARP virtual host as the capture shows them: the node that advertises is
 * MASTER; when another node starts advertising, the old master is BACKUP. Each change carries the
 * failover's cause (carp-routers.ts), its evidence pointing at the Trace's packets.
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import type { TraceEvent, VrrpState } from '../trace/types';
import type { CarpRouterAnalysis } from './carp-routers';
import type * as P from './packet-index';
import type { Speaker } from './trace-states';

export function carpStates(
  r: CarpRouterAnalysis,
  ix: P.PacketIndex,
  rowLimit: number,
  router: string,
  speaker: (endpoint: number, row: number) => Speaker,
  evidence: (row: number) => EvidenceRef,
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const state = new Map<string, VrrpState>();
  const move = (t: number, s: Speaker, to: 'BACKUP' | 'MASTER', cause: Cause) => {
    const from = state.get(s.id) ?? 'INIT';
    if (from === to) return;
    state.set(s.id, to);
    events.push({ t, kind: 'state', node: s.node, instance: s.id, from, to, cause, chain: [] });
  };
  r.runs.forEach((run, k) => {
    if (run.firstRow >= rowLimit) return;
    const t = ix.tUs[run.firstRow];
    const master = speaker(run.source, run.firstRow);
    const f = k > 0 ? r.failovers.find((x) => x.row === run.firstRow) : undefined;
    if (!f) {
      move(t, master, 'MASTER', {
        code: 'unknown-from-capture',
        t,
        node: master.node,
        instance: master.id,
        detail: 'first CARP advert seen: the master is the node that advertises',
        evidence: [evidence(run.firstRow)],
      });
      return;
    }
    const cause: Cause = { ...f.cause, instance: master.id, evidence: [evidence(run.firstRow)] };
    const old = speaker(f.from, r.runs[k - 1].lastRow);
    move(t, old, 'BACKUP', cause);
    move(t, master, 'MASTER', cause);
    events.push({
      t,
      kind: 'failover',
      router,
      vrid: r.vhid,
      from: old.node,
      to: master.node,
      gapUs: f.gapUs,
      cause,
      chain: [],
    });
  });
  return events;
}
