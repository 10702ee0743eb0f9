/**
 * The simulation worker's logic, apart from the Worker global so that it can be tested in Node: run a
 * scenario in slices of virtual time, post progress, stop when cancelled, and send the Trace in parts.
 */
import { parseConfig } from '../lib/config';
import type { Scenario } from '../lib/scenario/types';
import { simulateInSteps } from '../lib/sim/run';
import type { SimOptions } from '../lib/sim/types';
import type { Diagnostic } from '../lib/trace/diagnostic';
import { US_PER_S, type Micros } from '../lib/trace/time';
import type { SimRequest, SimResponse } from './sim-protocol';
import { splitTrace } from './trace-parts';

export type SimPost = (msg: SimResponse, transfer?: Transferable[]) => void;

/** Virtual time simulated between two looks at the clock. */
const SLICE_US = US_PER_S;
/** Wall time between two progress messages (and two chances for a cancel to arrive), ms. */
const YIELD_MS = 50;

/**
 * Receipts of accepted adverts the app takes into a Trace. Above it the run keeps only the changes of
 * deliveries (SimOptions.recordDeliveries): each backup's receipt of each advert, and the master-down
 * re-arm it causes, are two events per backup per advert — 2.4 million for 64 nodes sharing 32 VRIDs
 * for 10 minutes, more than the page can hold and fold without stalling.
 */
export const APP_DELIVERY_EVENTS = 200_000;

/** Events a full record of deliveries would add: two per backup per advert interval of each VRID. */
export function deliveryEvents(scenario: Scenario, untilUs: Micros): number {
  const routers = new Map<string, { members: number; intervalCs: number }>();
  for (const node of scenario.nodes ?? []) {
    const config = parseConfig(typeof node.config === 'string' ? node.config : '').value;
    for (const i of config.instances) {
      if (i.vrid === undefined) continue;
      const key = `${i.family}/${i.vrid}`;
      const r = routers.get(key) ?? { members: 0, intervalCs: i.advertIntervalCs };
      r.members++;
      r.intervalCs = Math.max(1, Math.min(r.intervalCs, i.advertIntervalCs));
      routers.set(key, r);
    }
  }
  let total = 0;
  for (const r of routers.values()) total += 2 * (r.members - 1) * (untilUs / (r.intervalCs * 10_000));
  return Math.round(total);
}

function deliveries(
  scenario: Scenario,
  untilUs: Micros,
): { mode: SimOptions['recordDeliveries']; note?: Diagnostic } {
  const n = deliveryEvents(scenario, untilUs);
  if (n <= APP_DELIVERY_EVENTS) return { mode: 'all' };
  return {
    mode: 'changes',
    note: {
      code: 'ui.deliveries-changes',
      severity: 'info',
      message:
        `A large run (about ${n.toLocaleString('en')} advert receipts): the trace keeps the changes of ` +
        'what backups accept, not every receipt, so a backup in steady state shows no master-down countdown. ' +
        '`vrrpscope simulate` records everything.',
    },
  };
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createSimHandler(
  post: SimPost,
  now: () => number = () => performance.now(),
): (msg: SimRequest) => Promise<void> {
  const cancelled = new Set<number>();
  return async (msg) => {
    if (msg.type === 'cancel') {
      cancelled.add(msg.id);
      return;
    }
    const { id } = msg;
    const { scenario, untilUs } = msg.payload;
    try {
      const { mode, note } = deliveries(scenario, untilUs);
      const steps = simulateInSteps(scenario, { untilUs, recordDeliveries: mode }, SLICE_US);
      let last = now();
      for (;;) {
        const step = steps.next();
        if (step.done) {
          const trace = step.value.value;
          if (note) trace.diagnostics.push(note);
          const split = splitTrace(trace);
          post({
            id,
            type: 'result',
            payload: { trace: split.skeleton, packets: split.packets, events: split.events },
          });
          for (const { part, transfer } of split.parts())
            post({ id, type: 'trace-part', payload: part }, transfer);
          post({ id, type: 'done', payload: {} });
          return;
        }
        if (now() - last < YIELD_MS) continue;
        post({ id, type: 'progress', payload: { doneUs: step.value, totalUs: untilUs } });
        await nextTurn();
        last = now();
        if (cancelled.has(id)) {
          post({ id, type: 'cancelled', payload: {} });
          return;
        }
      }
    } catch (e) {
      // The worker boundary turns anything unexpected into a diagnostic (docs/style.md §10).
      post({
        id,
        type: 'error',
        payload: {
          diagnostic: {
            code: 'internal.simulate',
            severity: 'error',
            message: `The simulator failed: ${(e as Error)?.message ?? String(e)}`,
          },
        },
      });
    } finally {
      cancelled.delete(id);
    }
  };
}
