/**
 * Wires the simulator (src/lib/sim) and the built-in Panda scenario (src/lib/scenario/panda.ts) into the
 * app. They are looked up with import.meta.glob so that the shell still builds in a tree where they are
 * missing; the Session then reports `ui.no-simulator` instead of showing an empty view.
 */
import type { Scenario } from '../../lib/scenario/types';
import type { SimulateFn } from '../state/session.svelte';

interface SimModule {
  simulate: SimulateFn;
}
interface PandaModule {
  pandaScenario: () => Scenario;
}

export function loadSimulator(): { simulate?: SimulateFn; panda?: () => Scenario } {
  const sims = import.meta.glob<SimModule>('../../lib/sim/index.ts', { eager: true });
  const pandas = import.meta.glob<PandaModule>('../../lib/scenario/panda.ts', { eager: true });
  const sim = Object.values(sims)[0];
  const panda = Object.values(pandas)[0];
  return { simulate: sim?.simulate, panda: panda?.pandaScenario };
}
