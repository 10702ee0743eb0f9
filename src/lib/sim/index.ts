/**
 * The VRRP simulator: keepalived 2.2.7 nodes as XState machines on a virtual clock and a simulated LAN.
 */
export { simulate, buildWorld, scenarioServices, derivedMac, type SimulateOptions } from './run';
export { servicePath, type ServicePath, type ClientPath } from './services';
export { VirtualClock } from './clock';
export { Rng } from './rng';
export { World } from './world';
export { describe as describeAction } from './labels';
export { instanceMachine, contextMdiUs } from './instance.machine';
export { processOfCommand, RiseFall } from './scripts';
export { masters, failovers, type MasterRun } from './summary';
