/**
 * The state changes of a CARP virtual host as the capture shows them: the node that advertises is
 * MASTER; when another node starts advertising, the old master is BACKUP. Each change says why, from
 * the failover's cause (carp-routers.ts, the cause model's one phrasing).
 */
import { describeCause } from '../trace/cause';
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
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const state = new Map<string, VrrpState>();
  const move = (t: number, s: Speaker, to: 'BACKUP' | 'MASTER', detail: string) => {
    const from = state.get(s.id) ?? 'INIT';
    if (from === to) return;
    state.set(s.id, to);
    events.push({ t, kind: 'state', node: s.node, instance: s.id, from, to, cause: 'observed', detail });
  };
  r.runs.forEach((run, k) => {
    if (run.firstRow >= rowLimit) return;
    const t = ix.tUs[run.firstRow];
    const master = speaker(run.source, run.firstRow);
    const f = k > 0 ? r.failovers.find((x) => x.row === run.firstRow) : undefined;
    if (!f) {
      move(t, master, 'MASTER', 'advertises: the CARP master is the node that advertises');
      return;
    }
    const why = describeCause({ cause: f.cause, chain: [] });
    const old = speaker(f.from, r.runs[k - 1].lastRow);
    move(t, old, 'BACKUP', `another node advertises: ${why}`);
    move(t, master, 'MASTER', why);
    events.push({
      t,
      kind: 'failover',
      router,
      vrid: r.vhid,
      from: old.node,
      to: master.node,
      gapUs: f.gapUs,
      cause: f.cause.code,
    });
  });
  return events;
}
