/**
 * Summaries of a simulated trace for the CLI and tests: master runs per VRID and the failovers.
 */
import type { Micros, Trace } from '../trace/types';

export interface MasterRun {
  vrid: number;
  router: string;
  node: string;
  instance: string;
  /** The source address of its adverts, when it sent any. */
  source: string | null;
  fromUs: Micros;
  /** Null when still MASTER at the end of the trace. */
  toUs: Micros | null;
}

/** Every stretch of time an instance spent in MASTER, in start order. */
export function masters(trace: Trace): MasterRun[] {
  const byId = new Map(trace.instances.map((i) => [i.id, i]));
  const open = new Map<string, MasterRun>();
  const runs: MasterRun[] = [];
  for (const e of trace.events) {
    if (e.kind === 'state') {
      const inst = byId.get(e.instance);
      if (!inst) continue;
      if (e.to === 'MASTER' && !open.has(e.instance)) {
        const run: MasterRun = {
          vrid: inst.vrid,
          router: inst.router,
          node: inst.node,
          instance: inst.id,
          source: null,
          fromUs: e.t,
          toUs: null,
        };
        open.set(e.instance, run);
        runs.push(run);
      } else if (e.from === 'MASTER' && e.to !== 'MASTER') {
        const run = open.get(e.instance);
        if (run) run.toUs = e.t;
        open.delete(e.instance);
      }
    } else if (e.kind === 'advert-sent') {
      const run = open.get(e.instance);
      if (run && run.source === null) run.source = trace.packets[e.packet]?.src ?? null;
    }
  }
  return runs;
}

/** The failover events of a trace. */
export function failovers(trace: Trace) {
  return trace.events.filter((e) => e.kind === 'failover');
}
