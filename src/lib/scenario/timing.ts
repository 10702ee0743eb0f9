/**
 * The scenario's timing fields (`lan: {latencyUs, jitterUs}`, each node's `jitterUs`): their defaults and
 * range. The model itself is sim/timing.ts; the defaults are measured from the project's recordings of
 * keepalived 2.2.7 (captures/README.md, "Timing model").
 */
import type { Micros } from '../trace/time';

/**
 * Frame delivery on the recordings' bridge. A master answers a lower advert (§2.6) 42–156 µs after it
 * crossed the bridge in `one-way` (median 70 µs: delivery plus reading plus sending), so the LAN takes
 * at least 40 µs (captures/README.md, "Timing model").
 */
export const DEFAULT_LAN_LATENCY_US: Micros = 40;
export const DEFAULT_LAN_JITTER_US: Micros = 20;
/**
 * A daemon's timer and processing jitter. A master's adverts run 38–160 µs over their interval at the
 * median of each recording (p50 of 139–159 µs in six of them), with a tail of ms on a loaded machine
 * that the default leaves out (captures/README.md, "Timing model").
 */
export const DEFAULT_NODE_JITTER_US: Micros = 200;
/** The largest value the scenario format accepts for any timing field: one second. */
export const MAX_TIMING_US: Micros = 1_000_000;

/** A timing field as the simulator uses it: the default when absent, else a whole µs within range. */
export function timingValue(v: unknown, fallback: Micros): Micros {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(MAX_TIMING_US, Math.max(0, Math.round(v)));
}

/** The scenario with no delivery delay and no jitter: the exact integer-µs rules (§2.2, §9). */
export function withExactTiming<S extends { lan?: unknown; nodes: { jitterUs?: number }[] }>(scenario: S): S {
  return {
    ...scenario,
    lan: { latencyUs: 0, jitterUs: 0 },
    nodes: scenario.nodes.map((n) => ({ ...n, jitterUs: 0 })),
  };
}
