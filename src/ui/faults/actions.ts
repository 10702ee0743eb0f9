/**
 * The scenario actions a user can apply to a node at time t (style.md §8: a table of `{ label, event }`;
 * applying one forks the run): the ones that make sense for the node in its current state. The
 * actions themselves, their labels and fields are the registry's (lib/scenario/actions).
 */
import type { Frame } from '../../lib/trace/frame';
import type { Trace } from '../../lib/trace/types';
import type { ScenarioEvent } from '../../lib/scenario/types';
import { ACTION_SPECS } from '../../lib/scenario/actions/registry';

export type ActionEvent = Omit<ScenarioEvent, 'at'>;

export interface NodeAction {
  label: string;
  event: ActionEvent;
}

/** Actions for one node's context menu, given its state at t. */
export function nodeActions(trace: Trace, frame: Frame, nodeId: string): NodeAction[] {
  const node = trace.nodes.find((n) => n.id === nodeId);
  const nf = frame.nodes[nodeId];
  if (!node || !nf || node.role !== 'router') return [];
  const out: NodeAction[] = [];
  const act = (label: string, event: ActionEvent) => out.push({ label, event: { ...event, node: nodeId } });
  if (nf.daemon === 'running') {
    for (const action of [
      'stop-keepalived',
      'kill-keepalived',
      'pause-keepalived',
      'restart-keepalived',
    ] as const)
      act(ACTION_SPECS[action].label, { action });
  } else if (nf.daemon === 'paused')
    act(ACTION_SPECS['resume-keepalived'].label, { action: 'resume-keepalived' });
  else act(ACTION_SPECS['start-keepalived'].label, { action: 'start-keepalived' });
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
