/**
 * One-line labels for scenario actions, as the timeline, the trace's fault events and pcapng comments
 * show them.
 */
import type { ScenarioEvent } from '../scenario/types';

/** A one-line label for a scenario action (timeline, pcapng comments). */
export function describe(e: ScenarioEvent): string {
  const on = e.node ? ` on ${e.node}` : '';
  switch (e.action) {
    case 'kill-process':
      return `${e.process} killed${on}`;
    case 'start-process':
      return `${e.process} started${on}`;
    case 'partition':
      return `partition ${(e.groups ?? []).map((g) => `[${g.join(', ')}]`).join(' | ')}`;
    case 'block-multicast':
      return `multicast blocked ${e.from} → ${e.to}`;
    case 'set-loss':
      return `loss ${e.percent ?? 0}%`;
    case 'set-latency':
      return `latency ${e.ms ?? 0} ms`;
    case 'set-priority':
      return `priority of ${e.instance} set to ${e.priority}${on}`;
    case 'force-script':
      return `script ${e.name} forced ${e.result === null || e.result === undefined ? 'off' : e.result ? 'to succeed' : 'to fail'}${on}`;
    case 'link-down':
    case 'link-up':
      return `link ${e.interface ?? ''}${e.interface ? ' ' : ''}${e.action === 'link-up' ? 'up' : 'down'}${on}`;
    case 'start-keepalived':
      return `keepalived started${on}`;
    case 'stop-keepalived':
      return `keepalived stopped (SIGTERM)${on}`;
    case 'kill-keepalived':
      return `keepalived killed (SIGKILL)${on}`;
    case 'pause-keepalived':
      return `keepalived paused (SIGSTOP)${on}`;
    case 'resume-keepalived':
      return `keepalived resumed (SIGCONT)${on}`;
    case 'heal':
      return 'network healed';
  }
}
