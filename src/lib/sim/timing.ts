/**
 * The timing model: real daemons take time to send, forward and read a frame, and their timers fire a
 * little late (scheduler jitter). Without it, two backups whose master-down timers are due at the same
 * µs could never both become MASTER (§2.6.1, §8.1, §8.8). Every delay is drawn from the scenario's seed
 * (its own stream, so loss draws do not move when timing changes), so the same scenario and seed still
 * give the same trace, byte for byte.
 *
 * - a frame reaches the LAN's receivers `latencyUs` + U[0, `jitterUs`] after it is sent (one draw per frame);
 * - each receiving node reads it U[0, its `jitterUs`] later (one draw per receiver: processing);
 * - each timer of a node (advert, master-down, scripts, delayed GARPs) fires U[0, its `jitterUs`] late.
 *
 * The scenario gives the values (scenario/timing.ts holds their defaults, measured from the project's
 * recordings). All zero gives the exact integer-µs rules of §2.2 and §9.
 */
import type { Micros } from '../trace/time';
import type { Scenario } from '../scenario/types';
import {
  DEFAULT_LAN_JITTER_US,
  DEFAULT_LAN_LATENCY_US,
  DEFAULT_NODE_JITTER_US,
  timingValue,
} from '../scenario/timing';
import { Rng } from './rng';

/** Delivery on a LAN segment. */
export interface LanTiming {
  /** Fixed part of a frame's delivery delay, µs. */
  latencyUs: Micros;
  /** Random part of a frame's delivery delay: uniform in [0, jitterUs] µs. */
  jitterUs: Micros;
}

/** The timing of one run: the LAN's, and each keepalived node's timer and processing jitter. */
export interface Timing {
  lan: LanTiming;
  /** Node name → its jitter, µs (absent: 0). */
  nodeJitterUs: ReadonlyMap<string, Micros>;
}

/** No delay and no jitter anywhere: the rules alone (the reference for the §9 numbers). */
export const EXACT_TIMING: Timing = { lan: { latencyUs: 0, jitterUs: 0 }, nodeJitterUs: new Map() };

/** The timing a scenario asks for, absent fields taking the measured defaults. */
export function scenarioTiming(scenario: Scenario): Timing {
  return {
    lan: {
      latencyUs: timingValue(scenario.lan?.latencyUs, DEFAULT_LAN_LATENCY_US),
      jitterUs: timingValue(scenario.lan?.jitterUs, DEFAULT_LAN_JITTER_US),
    },
    nodeJitterUs: new Map(
      scenario.nodes.map((n) => [n.name, timingValue(n.jitterUs, DEFAULT_NODE_JITTER_US)]),
    ),
  };
}

/** Separates the timing stream from the LAN's loss stream drawn from the same seed. */
const TIMING_STREAM = 0x74696d65;
/** And a kernel timer's slack (ucarp's poll(), ucarp/poll.ts) from both. */
const SLACK_STREAM = 0x736c6163;

/** Draws the delays of the timing model, in the order the simulation asks for them. */
export class TimingDraws {
  readonly #rng: Rng;
  readonly #slack: Rng;

  constructor(
    readonly timing: Timing,
    seed: number,
  ) {
    this.#rng = new Rng((seed ^ TIMING_STREAM) >>> 0);
    this.#slack = new Rng((seed ^ SLACK_STREAM) >>> 0);
  }

  /**
   * How late a kernel timer with `maxUs` of slack fires, uniform in [0, maxUs] µs, on a stream of its own
   * so that modelling it moves no other draw; 0 (no draw) for a node without jitter (exact timing).
   */
  slack(node: string, maxUs: Micros): Micros {
    return this.nodeJitter(node) > 0 && maxUs > 0 ? Math.floor(this.#slack.next() * (maxUs + 1)) : 0;
  }

  /** A whole number of µs, uniform in [0, maxUs]; no draw at all when maxUs is 0. */
  uniform(maxUs: Micros): Micros {
    return maxUs > 0 ? Math.floor(this.#rng.next() * (maxUs + 1)) : 0;
  }

  /** The jitter of `node`, µs. */
  nodeJitter(node: string): Micros {
    return this.timing.nodeJitterUs.get(node) ?? 0;
  }

  /** Whether any node has jitter (else frames reach every receiver at once: one clock entry a frame). */
  get anyNodeJitter(): boolean {
    for (const j of this.timing.nodeJitterUs.values()) if (j > 0) return true;
    return false;
  }
}
