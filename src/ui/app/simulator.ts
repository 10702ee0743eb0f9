/**
 * The simulator (src/lib/sim) and the built-in Panda scenario the app opens on.
 */
import { simulate } from '../../lib/sim/run';
import { pandaScenario } from '../../lib/scenario/panda';
import type { Scenario } from '../../lib/scenario/types';
import type { SimulateFn } from '../state/session.svelte';

export function loadSimulator(): { simulate: SimulateFn; panda: () => Scenario } {
  return { simulate, panda: pandaScenario };
}
