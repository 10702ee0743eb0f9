/**
 * Simulator benchmark (issue 3): 1 h of the Panda scenario (goal < 0.5 s wall) and 64 nodes × 32 VRIDs
 * for 10 min (goal < 5 s), with events per second and how the cost grows with the number of nodes
 * (8/16/32/64). Baselines measured in the same run: the same simulation with every advert and timer
 * sent through the instance machines (`fastPaths: false`, the reference the fast paths are tested
 * against), a plain loop over the same number of clock callbacks, and a bare XState actor taking one
 * event per advert delivery (what any design that sends each delivery to an actor pays at least).
 */
import { assign, createActor, setup } from 'xstate';
import type { BenchReport } from '../../src/cli/bench';
import { VirtualClock } from '../../src/lib/sim/clock';
import { buildWorld } from '../../src/lib/sim/run';
import type { Scenario } from '../../src/lib/scenario/types';
import { lanScenario, pandaHour } from './sim-scenarios';

export const name = 'sim';

interface Measure {
  wallMs: number;
  clockCallbacks: number;
  /** Entries pushed onto the clock's queue (a frame's arrivals share one, clock.ts atEach). */
  clockEntries: number;
  events: number;
  packets: number;
  receives: number;
}

type Deliveries = 'all' | 'changes';

function measure(
  scenario: Scenario,
  untilUs: number,
  recordDeliveries: Deliveries,
  fastPaths = true,
): Measure {
  const { world } = buildWorld(scenario, { recordDeliveries, fastPaths });
  const t0 = performance.now();
  world.run(untilUs);
  const wallMs = performance.now() - t0;
  const receives = world.rec.packets.reduce((n, p) => n + (p.vrrp ? 1 : 0), 0) * (scenario.nodes.length - 1);
  return {
    wallMs,
    clockCallbacks: world.clock.fired,
    clockEntries: world.clock.queued,
    events: world.rec.events.length,
    packets: world.rec.packets.length,
    receives,
  };
}

/** The same number of callbacks through the bare clock, each scheduling the next one. */
function clockBaseline(callbacks: number): number {
  const clock = new VirtualClock();
  let left = callbacks;
  let sink = 0;
  const tick = () => {
    sink++;
    if (--left > 0) clock.setTimeout(tick, 1000);
  };
  for (let i = 0; i < 64 && left > 0; i++) clock.setTimeout(tick, i);
  const t0 = performance.now();
  clock.runUntil(Number.MAX_SAFE_INTEGER);
  return sink >= 0 ? performance.now() - t0 : 0;
}

/** A one-state XState actor taking `n` events with one assign each: XState's own cost per event. */
function xstateBaseline(n: number): number {
  const m = setup({
    types: { context: {} as { d: number }, events: {} as { type: 'E'; t: number } },
  }).createMachine({
    context: { d: 0 },
    on: { E: { actions: assign({ d: ({ event }) => event.t + 3_609_375 }) } },
  });
  const actor = createActor(m).start();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) actor.send({ type: 'E', t: i });
  return performance.now() - t0;
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function run(): Promise<BenchReport> {
  const lines: string[] = [];
  const metrics: Record<string, number | string> = {};
  // Warm up the JIT on a short run of each shape and path.
  for (const fast of [true, false]) {
    measure(pandaHour(), 120e6, 'all', fast);
    measure(lanScenario(16, 32), 20e6, 'changes', fast);
  }

  const panda = measure(pandaHour(), 3600e6, 'all');
  const pandaRef = measure(pandaHour(), 3600e6, 'all', false);
  const pandaClock = clockBaseline(panda.clockCallbacks);
  lines.push(
    `panda, 1 h virtual (recordDeliveries 'all'): ${fmt(panda.wallMs)} ms wall (goal < 500), ${fmt(panda.events)} trace events, ${fmt(panda.packets)} frames, ${fmt(panda.events / (panda.wallMs / 1000))} events/s`,
    `  baselines: every advert and timer through the machines ${fmt(pandaRef.wallMs)} ms (fast paths ×${fmt(pandaRef.wallMs / panda.wallMs, 1)} faster); bare clock over the same ${fmt(panda.clockCallbacks)} callbacks ${fmt(pandaClock, 1)} ms (simulator ×${fmt(panda.wallMs / pandaClock, 1)})`,
  );
  Object.assign(metrics, {
    pandaHourMs: panda.wallMs,
    pandaEventsPerS: panda.events / (panda.wallMs / 1000),
    pandaMachineOnlyMs: pandaRef.wallMs,
    pandaClockBaselineMs: pandaClock,
  });

  const big = measure(lanScenario(64, 32), 600e6, 'changes');
  const bigAll = measure(lanScenario(64, 32), 600e6, 'all');
  const bigClock = clockBaseline(big.clockCallbacks);
  const bigXstate = xstateBaseline(big.receives);
  lines.push(
    `64 nodes × 32 VRIDs, 10 min virtual (recordDeliveries 'changes'): ${fmt(big.wallMs)} ms wall (goal < 5000), ${fmt(big.events)} events, ${fmt(big.packets)} frames,`,
    `  ${fmt(big.receives)} advert deliveries (${fmt((big.wallMs * 1000) / big.receives, 2)} µs each), ${fmt(big.events / (big.wallMs / 1000))} events/s;`,
    `  with recordDeliveries 'all': ${fmt(bigAll.wallMs)} ms, ${fmt(bigAll.events)} events (${fmt((bigAll.wallMs * 1000) / bigAll.receives, 2)} µs per delivery)`,
    `  baselines: bare XState actor taking ${fmt(big.receives)} events ${fmt(bigXstate)} ms (simulator ×${fmt(big.wallMs / bigXstate, 2)}); bare clock over the same ${fmt(big.clockCallbacks)} callbacks ${fmt(bigClock, 1)} ms (the run queued ${fmt(big.clockEntries)} clock entries for them)`,
  );
  Object.assign(metrics, {
    lan64x32TenMinMs: big.wallMs,
    lan64x32TenMinAllMs: bigAll.wallMs,
    lanUsPerDelivery: (big.wallMs * 1000) / big.receives,
    lanXstateBaselineMs: bigXstate,
    lanClockBaselineMs: bigClock,
    lanClockCallbacks: big.clockCallbacks,
    lanClockEntries: big.clockEntries,
  });

  lines.push(
    "growth with nodes (32 VRIDs, 30 s virtual, recordDeliveries 'changes', best of 2 runs; machine-only = fastPaths false, one run):",
  );
  let first: Measure | null = null;
  for (const n of [8, 16, 32, 64]) {
    const runs = [measure(lanScenario(n, 32), 30e6, 'changes'), measure(lanScenario(n, 32), 30e6, 'changes')];
    const m = runs[0].wallMs <= runs[1].wallMs ? runs[0] : runs[1];
    const ref = measure(lanScenario(n, 32), 30e6, 'changes', false);
    first ??= m;
    lines.push(
      `  ${String(n).padStart(2)} nodes: ${fmt(m.wallMs).padStart(5)} ms, ${fmt(m.receives).padStart(7)} deliveries, ${fmt((m.wallMs * 1000) / m.receives, 2)} µs/delivery, cost ×${fmt(m.wallMs / first.wallMs, 1)} for deliveries ×${fmt(m.receives / first.receives, 1)}; machine-only ${fmt(ref.wallMs)} ms (×${fmt(ref.wallMs / m.wallMs, 1)})`,
    );
    metrics[`lan${n}x32HalfMinuteMs`] = m.wallMs;
    metrics[`lan${n}x32HalfMinuteMachineOnlyMs`] = ref.wallMs;
  }
  return { name, lines, metrics };
}
