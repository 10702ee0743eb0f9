/**
 * The shape of one entry of the scenario action registry (registry.ts), and the world an action
 * applies to: the simulator implements `ActionWorld`, so the registry says how an action changes the
 * world without importing the simulator.
 */
import type { ScenarioAction, ScenarioEvent } from '../types';

/** The event fields an action can take (besides `at`, `action` and `note`). */
export type ParamName =
  | 'node'
  | 'process'
  | 'interface'
  | 'groups'
  | 'from'
  | 'to'
  | 'percent'
  | 'ms'
  | 'instance'
  | 'priority'
  | 'seconds'
  | 'name'
  | 'result';

/** What a string field names: checked against the scenario, and the Faults panel's choices. */
export type ParamRef = 'router' | 'process' | 'interface' | 'instance' | 'script';

export interface ParamSpec {
  /** `result` is true, false or null; `groups` a list of lists of node names. */
  kind: 'string' | 'number' | 'groups' | 'result';
  /** The event is refused without it. */
  required: boolean;
  /** The Faults panel's label. */
  label: string;
  ref?: ParamRef;
  /** Numbers: the accepted range (inclusive), and whether only integers are. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** Printed after the value in event lists (`%`, `ms`, `s`). */
  unit?: string;
}

/** A router node as an action sees it. */
export interface ActionNode {
  start(): void;
  stop(): void;
  kill(): void;
  pause(): void;
  resume(): void;
  restart(): void;
  setProcess(name: string, running: boolean): void;
  setLink(iface: string, up: boolean): void;
  interfaceNames(): string[];
  setBasePriority(instance: string, priority: number): void;
  setAdvertInterval(instance: string, seconds: number): void;
}

/** The world an action applies to (sim/world.ts implements it). */
export interface ActionWorld {
  router(name: string): ActionNode | undefined;
  readonly lan: {
    partition(groups: string[][]): void;
    heal(): void;
    blockMulticast(from: string, to: string): void;
    lossPercent: number;
    latencyUs: number;
  };
  /** Forces a check script's result on `node` (every node when undefined); null stops forcing. */
  forceScript(node: string | undefined, name: string, result: boolean | null): void;
}

/**
 * One scenario action, declared once. Its fields are also its JSON form in scenario files and share
 * links (share/read-scenario.ts copies exactly these), and the Faults panel builds its form from them.
 */
export interface ActionSpec {
  /** The Faults panel's name for it (`Kill a process`). */
  label: string;
  /** Its fields, in the order the form shows them. */
  params: Partial<Record<ParamName, ParamSpec>>;
  /** The one-line label of an event (timeline, fault events, pcapng comments). */
  describe(e: ScenarioEvent): string;
  /** What it does to the world. */
  apply(world: ActionWorld, e: ScenarioEvent): void;
  /** The actions that end the fault it starts (timeline shading); empty when it starts none. */
  undoneBy: ScenarioAction[];
  /** It brings something back (a start, resume, link up, heal): never blamed for a failover. */
  restores: boolean;
  /**
   * It changes what the LAN delivers (a link, a partition, a block, loss): the evidence blamed when
   * adverts stop being heard (the `split-brain` cause's `not-heard`).
   */
  lan?: boolean;
  /** False for an event of this action that only repairs (set-loss 0 %, force-script null). */
  startsFault?(e: ScenarioEvent): boolean;
  /** A daemon signal: the implementation the node must run (a ucarp node has no keepalived to kill). */
  daemon?: 'keepalived' | 'ucarp';
  /** Why the event would change nothing (so it is refused), or null. */
  noEffect?(e: ScenarioEvent): string | null;
}
