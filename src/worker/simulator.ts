/**
 * The one place the app reaches the simulator (src/lib/sim), and the built-in Panda scenario the
 * app opens on. The UI never imports src/lib/sim itself: simulations run behind this boundary, today
 * on the calling thread, so that moving them into a Worker changes this module only.
 */
import { simulate } from '../lib/sim/run';
import { pandaScenario } from '../lib/scenario/panda';
import type { Scenario } from '../lib/scenario/types';
import type { Result } from '../lib/trace/diagnostic';
import type { Micros, Trace } from '../lib/trace/types';

/** The simulator's entry point: scenario → Trace up to `untilUs`. */
export type SimulateFn = (scenario: Scenario, options: { untilUs: Micros }) => Result<Trace>;

export function loadSimulator(): { simulate: SimulateFn; panda: () => Scenario } {
  return { simulate, panda: pandaScenario };
}
