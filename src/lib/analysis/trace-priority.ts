/**
 * Observed priority changes of a capture: a `priority` event whenever a source's advertised priority
 * for a VRID differs from its previous advert (priority 0 included: a resigning master, §2.8). A
 * capture cannot see why (a failed `track_script`, a down interface…), so `terms` stays empty and the
 * base is the instance's base priority: the configured one when named from keepalived.conf, else the
 * first one heard.
 */
import type { TraceEvent, TraceInstance } from '../trace/types';
import * as P from './packet-index';

/**
 * @param rowLimit rows at and past it are not turned into events (the trace's kept rows end there).
 * @param instanceOf the instance that sent a VRRP row, or undefined when the trace has none for it.
 */
export function priorityEvents(
  ix: P.PacketIndex,
  rowLimit: number,
  instanceOf: (row: number) => TraceInstance | undefined,
): TraceEvent[] {
  const events: TraceEvent[] = [];
  const last = new Map<string, number>();
  for (let row = 0; row < rowLimit; row++) {
    if (ix.kind[row] !== P.KIND_VRRP) continue;
    const inst = instanceOf(row);
    if (!inst) continue;
    const from = last.get(inst.id) ?? inst.basePriority;
    const to = ix.prio[row];
    last.set(inst.id, to);
    if (to !== from)
      events.push({
        t: ix.tUs[row],
        kind: 'priority',
        node: inst.node,
        instance: inst.id,
        from,
        to,
        base: inst.basePriority,
        terms: [],
      });
  }
  return events;
}
