/**
 * The VRRP simulator: keepalived 2.2.7 nodes as XState machines on a virtual clock and a simulated LAN.
 */
export { simulate, buildWorld, scenarioServices, derivedMac, type SimulateOptions } from './run';
export { VirtualClock } from './clock';
export { Rng } from './rng';
export { World } from './world';
export { instanceMachine, contextMdiUs } from './instance.machine';
export { RiseFall } from './scripts';
export { masterRuns as masters, type MasterRun } from '../trace/masters';
