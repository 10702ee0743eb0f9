/**
 * The scenario library: real keepalived.conf setups, each with the behaviour it demonstrates stated as
 * checkable claims (claims.ts). Order is the order of the picker.
 */
import type { LibraryEntry } from './claims';
import { activePassive } from './active-passive';
import { ipv6V3 } from './ipv6-v3';
import { nopreempt } from './nopreempt';
import { panda } from './panda';
import { splitBrain } from './split-brain';
import { syncGroup } from './sync-group';
import { threeRouters } from './three-routers';
import { unicast } from './unicast';
import { carpPair } from './carp-pair';

export type { LibraryEntry, MasterClaim } from './claims';
export { panda, pandaScenario } from './panda';

export const SCENARIO_LIBRARY: readonly LibraryEntry[] = [
  panda,
  activePassive,
  nopreempt,
  threeRouters,
  splitBrain,
  ipv6V3,
  unicast,
  syncGroup,
  carpPair,
];

/** The entry with this id, or undefined. */
export function libraryEntry(id: string): LibraryEntry | undefined {
  return SCENARIO_LIBRARY.find((e) => e.id === id);
}
