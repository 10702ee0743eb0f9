/**
 * The app's simulation worker end to end in Node: SimulationClient ↔ the worker's handler through a
 * structured-clone channel with transfer lists, as a real Worker carries them; and the Session while a
 * run is in flight.
 */
import { describe, expect, it } from 'vitest';
import { pandaScenario } from '../../../src/lib/scenario/panda';
import type { Scenario } from '../../../src/lib/scenario/types';
import { simulate, simulateInSteps } from '../../../src/lib/sim/run';
import { US_PER_S } from '../../../src/lib/trace/time';
import { Session } from '../../../src/ui/state/session.svelte';
import { APP_DELIVERY_EVENTS, createSimHandler, deliveryEvents } from '../../../src/worker/sim-handler';
import type { SimRequest, SimResponse } from '../../../src/worker/sim-protocol';
import { SimulationClient, isAbortError, type SimWorkerLike } from '../../../src/worker/simulator';
import { TRACE_PART_SIZE } from '../../../src/worker/trace-parts';
import { lanScenario } from '../../bench/sim-scenarios';

/** A worker whose clock advances 60 ms per look, so that every slice posts progress and yields. */
function fakeWorker(log: SimResponse['type'][] = []): SimWorkerLike {
  let ms = 0;
  const w: SimWorkerLike = {
    onmessage: null,
    postMessage(msg: SimRequest) {
      const copy = structuredClone(msg);
      setTimeout(() => void handle(copy), 0);
    },
    terminate() {},
  };
  const handle = createSimHandler(
    (msg, transfer) => {
      log.push(msg.type);
      const data = structuredClone(msg, { transfer: transfer ?? [] });
      setTimeout(() => w.onmessage?.({ data }), 0);
    },
    () => (ms += 60),
  );
  return w;
}

const panda = (duration = 60): Scenario => ({ ...pandaScenario(), duration });

describe('simulateInSteps', () => {
  it('gives the trace simulate() gives, byte for byte, whatever the slice', () => {
    const s = panda();
    const whole = JSON.stringify(simulate(s, { untilUs: 60 * US_PER_S }));
    const steps = simulateInSteps(s, { untilUs: 60 * US_PER_S }, 1_234_567);
    const reached: number[] = [];
    let step = steps.next();
    while (!step.done) {
      reached.push(step.value);
      step = steps.next();
    }
    expect(reached.length).toBe(48);
    expect(reached.at(-1)).toBe(48 * 1_234_567);
    expect(JSON.stringify(step.value)).toBe(whole);
  });
});

describe('SimulationClient and the simulation worker', () => {
  it('gives the Trace simulate() gives, in parts, with progress in virtual time', async () => {
    const log: SimResponse['type'][] = [];
    const progress: number[] = [];
    const client = new SimulationClient(() => fakeWorker(log));
    const got = await client.run(panda(), {
      untilUs: 60 * US_PER_S,
      onProgress: (done, total) => progress.push(done / total),
    });
    const direct = simulate(panda(), { untilUs: 60 * US_PER_S });
    expect(got.value.events).toEqual(direct.value.events);
    expect(got.value.packets.map((p) => Array.from(p.bytes!))).toEqual(
      direct.value.packets.map((p) => Array.from(p.bytes!)),
    );
    expect(got.diagnostics).toEqual(direct.diagnostics);
    expect(progress.length).toBeGreaterThan(30);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(log.filter((t) => t === 'trace-part').length).toBe(
      Math.ceil(Math.max(direct.value.events.length, direct.value.packets.length) / TRACE_PART_SIZE),
    );
  });

  it('cancels an older run when a newer one is asked for, and on its signal', async () => {
    const log: SimResponse['type'][] = [];
    const client = new SimulationClient(() => fakeWorker(log));
    const older = client.run(panda(600), { untilUs: 600 * US_PER_S });
    const newer = client.run(panda(), { untilUs: 5 * US_PER_S });
    await expect(older).rejects.toSatisfy(isAbortError);
    expect((await newer).value.endUs).toBe(5 * US_PER_S);
    expect(log).toContain('cancelled');
    const ctrl = new AbortController();
    const third = client.run(panda(600), { untilUs: 600 * US_PER_S, signal: ctrl.signal });
    ctrl.abort();
    await expect(third).rejects.toSatisfy(isAbortError);
  });

  it('keeps only the changes of deliveries for runs too large for the page, and says so', () => {
    expect(deliveryEvents(panda(), 60 * US_PER_S)).toBeLessThan(APP_DELIVERY_EVENTS);
    // 32 VRIDs of 64 members, an advert a second for 600 s: a receipt and a re-arm per backup per advert.
    expect(deliveryEvents(lanScenario(64, 32), 600 * US_PER_S)).toBe(2 * 63 * 32 * 600);
  });

  it('notes a large run kept with the changes of deliveries only', async () => {
    const client = new SimulationClient(() => fakeWorker());
    // 64 nodes × 4 VRIDs for 300 s: 2 × 63 × 4 × 300 = 151 200 receipts; 8 VRIDs is over the limit.
    const big = { ...lanScenario(64, 8), duration: 300 };
    const got = await client.run(big, { untilUs: 300 * US_PER_S });
    expect(got.diagnostics.map((d) => d.code)).toContain('ui.deliveries-changes');
    const changes = simulate(big, { untilUs: 300 * US_PER_S, recordDeliveries: 'changes' }).value;
    expect(got.value.events).toEqual(changes.events);
  });
});

describe('Session with a runner off the main thread', () => {
  it('keeps showing the previous scenario and trace until the new run arrives, then swaps both', async () => {
    const client = new SimulationClient(() => fakeWorker());
    const s = new Session({ simulate: (sc, o) => client.run(sc, o) });
    await s.loadScenario(panda(30));
    const first = s.trace;
    expect(first?.endUs).toBe(30 * US_PER_S);
    s.seek(10 * US_PER_S);
    const done = s.loadScenario(panda(40));
    expect(s.pending?.totalUs).toBe(40 * US_PER_S);
    expect(s.trace).toBe(first);
    expect(s.scenario?.duration).toBe(30);
    // A fault added meanwhile builds on the run in flight, which it supersedes.
    expect(s.applyAction({ action: 'stop-keepalived', node: 'prod-haproxy-000' })).toBeNull();
    await done;
    await s.settled();
    expect(s.pending).toBeNull();
    expect(s.scenario?.duration).toBe(40);
    expect(s.scenario?.events?.some((e) => e.action === 'stop-keepalived')).toBe(true);
    expect(s.trace?.endUs).toBe(40 * US_PER_S);
    expect(s.t).toBe(10 * US_PER_S);
  });

  it('settled() covers a run asked for by a task already queued, and runs that supersede the one awaited', async () => {
    const client = new SimulationClient(() => fakeWorker());
    const s = new Session({ simulate: (sc, o) => client.run(sc, o) });
    const stop = { action: 'stop-keepalived', node: 'prod-haproxy-000', at: 5 } as const;
    // A click dispatched before settled() is asked, whose handler has not run yet.
    void s.loadScenario(panda(20));
    setTimeout(() => s.applyAction(stop), 0);
    await s.settled();
    expect(s.pending).toBeNull();
    expect(s.scenario?.events?.some((e) => e.action === 'stop-keepalived')).toBe(true);
    // A run that supersedes the awaited one after settled() looked.
    void s.loadScenario(panda(20));
    const done = s.settled();
    setTimeout(() => setTimeout(() => s.applyAction(stop), 0), 0);
    await done;
    expect(s.pending).toBeNull();
    expect(s.scenario?.events?.some((e) => e.action === 'stop-keepalived')).toBe(true);
    expect(s.trace?.endUs).toBe(20 * US_PER_S);
  });

  it('stays on what it shows when the run is cancelled', async () => {
    const client = new SimulationClient(() => fakeWorker());
    const s = new Session({ simulate: (sc, o) => client.run(sc, o) });
    await s.loadScenario(panda(30));
    const first = s.trace;
    const done = s.applyEdit(panda(600));
    s.cancelRun();
    await done;
    expect(s.pending).toBeNull();
    expect(s.trace).toBe(first);
    expect(s.scenario?.duration).toBe(30);
    expect(s.diagnostics.some((d) => d.severity === 'error')).toBe(false);
  });
});
