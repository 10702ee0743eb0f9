/**
 * Every scenario action a user can apply at time t (style.md §8: a table of `{ label, event }`;
 * applying one forks the run). The node menu offers the ones that make sense for a node in its
 * current state; the Faults panel offers all of them with their parameters.
 */
import type { Frame } from '../../lib/trace/frame';
import type { Trace } from '../../lib/trace/types';
import type { ScenarioAction, ScenarioEvent } from '../../lib/scenario/types';

export type ActionEvent = Omit<ScenarioEvent, 'at'>;

export interface NodeAction {
  label: string;
  event: ActionEvent;
}

/** The parameters each action needs, for the Faults panel's form. */
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
  | 'name'
  | 'result';

export const ACTION_PARAMS: Record<ScenarioAction, ParamName[]> = {
  'start-keepalived': ['node'],
  'stop-keepalived': ['node'],
  'kill-keepalived': ['node'],
  'pause-keepalived': ['node'],
  'resume-keepalived': ['node'],
  'start-process': ['node', 'process'],
  'kill-process': ['node', 'process'],
  'link-down': ['node', 'interface'],
  'link-up': ['node', 'interface'],
  partition: ['groups'],
  heal: [],
  'block-multicast': ['from', 'to'],
  'set-loss': ['percent'],
  'set-latency': ['ms'],
  'set-priority': ['node', 'instance', 'priority'],
  'force-script': ['node', 'name', 'result'],
};

export const ACTION_LABELS: Record<ScenarioAction, string> = {
  'start-keepalived': 'Start keepalived',
  'stop-keepalived': 'Stop keepalived (SIGTERM)',
  'kill-keepalived': 'Kill keepalived (SIGKILL)',
  'pause-keepalived': 'Pause keepalived (SIGSTOP)',
  'resume-keepalived': 'Resume keepalived (SIGCONT)',
  'start-process': 'Start a process',
  'kill-process': 'Kill a process',
  'link-down': 'Link down',
  'link-up': 'Link up',
  partition: 'Partition the LAN',
  heal: 'Heal the network',
  'block-multicast': 'Block multicast one way',
  'set-loss': 'Set packet loss',
  'set-latency': 'Set latency',
  'set-priority': 'Set base priority',
  'force-script': 'Force a check script',
};

/** Actions for one node's context menu, given its state at t. */
export function nodeActions(trace: Trace, frame: Frame, nodeId: string): NodeAction[] {
  const node = trace.nodes.find((n) => n.id === nodeId);
  const nf = frame.nodes[nodeId];
  if (!node || !nf || node.role !== 'router') return [];
  const out: NodeAction[] = [];
  const act = (label: string, event: ActionEvent) => out.push({ label, event: { ...event, node: nodeId } });
  if (nf.daemon === 'running') {
    act('Stop keepalived (SIGTERM)', { action: 'stop-keepalived' });
    act('Kill keepalived (SIGKILL)', { action: 'kill-keepalived' });
    act('Pause keepalived (SIGSTOP)', { action: 'pause-keepalived' });
  } else if (nf.daemon === 'paused') act('Resume keepalived (SIGCONT)', { action: 'resume-keepalived' });
  else act('Start keepalived', { action: 'start-keepalived' });
  for (const [process, running] of Object.entries(nf.processes)) {
    if (running) act(`Kill ${process}`, { action: 'kill-process', process });
    else act(`Start ${process}`, { action: 'start-process', process });
  }
  for (const itf of node.interfaces) {
    if (nf.links[itf.name] === false) act(`Link ${itf.name} up`, { action: 'link-up', interface: itf.name });
    else act(`Link ${itf.name} down`, { action: 'link-down', interface: itf.name });
  }
  for (const [name, s] of Object.entries(nf.scripts)) {
    act(`Force ${name} to ${s.ok ? 'fail' : 'succeed'}`, { action: 'force-script', name, result: !s.ok });
  }
  const others = trace.nodes.filter((n) => n.role === 'router' && n.id !== nodeId).map((n) => n.id);
  if (others.length)
    act('Isolate from the other routers', { action: 'partition', groups: [[nodeId], others] });
  return out;
}
