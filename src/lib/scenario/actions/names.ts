/**
 * The names of the scenario actions, in the order the Faults panel offers them. Each has its entry
 * in registry.ts (the compiler checks that every name has one).
 */
export const ACTION_NAMES = [
  'start-keepalived',
  'stop-keepalived',
  'kill-keepalived',
  'pause-keepalived',
  'resume-keepalived',
  'restart-keepalived',
  'start-ucarp',
  'stop-ucarp',
  'kill-ucarp',
  'start-process',
  'kill-process',
  'link-down',
  'link-up',
  'partition',
  'heal',
  'block-multicast',
  'set-loss',
  'set-latency',
  'set-priority',
  'set-advert-int',
  'force-script',
] as const;

export type ScenarioAction = (typeof ACTION_NAMES)[number];
