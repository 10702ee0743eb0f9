/**
 * The effective priority with its arithmetic, as the trace's `priority` event reports it:
 * "100 − 2 = 98: chk_haproxy failed". No arithmetic is redone here beyond printing the terms.
 */
import type { InstanceFrame } from '../../lib/trace/frame';

const MINUS = '\u2212';

export function priorityText(inst: Pick<InstanceFrame, 'priority' | 'basePriority' | 'terms'>): string {
  const active = inst.terms.filter((t) => t.delta !== 0 || t.status !== 'ok');
  if (active.length === 0) return `priority ${inst.priority}`;
  const sum = active.map((t) => (t.delta < 0 ? ` ${MINUS} ${-t.delta}` : ` + ${t.delta}`)).join('');
  const why = active.map((t) => `${t.source} ${t.status}`).join(', ');
  return `${inst.basePriority}${sum} = ${inst.priority}: ${why}`;
}
