/**
 * The one place the app reaches the simulator (src/lib/sim), and the built-in Panda scenario the
 * app opens on. The UI never imports src/lib/sim itself: simulations run behind this boundary, today
 * on the calling thread, so that moving them into a Worker changes this module only.
 */
import { simulate } from '../lib/sim/run';
import { pandaScenario } from '../lib/scenario/panda';
import type { Scenario, SimulateFn } from '../lib/scenario/types';

export type { SimulateFn };

export function loadSimulator(): { simulate: SimulateFn; panda: () => Scenario } {
  return { simulate, panda: pandaScenario };
}
