/**
 * The cause model: the one vocabulary for why a virtual-router instance changed state or why a
 * virtual router changed master. The simulator, capture analysis and evidence readers write it;
 * the Explain panel, timeline, narration, tutorial and CLI only read it, and `describeCause` is
 * the one place that phrases it in English.
 *
 * A transition carries one primary cause and a chain of earlier causes, root first: for the Panda
 * failover the chain is `script-failed` (chk_haproxy on prod-haproxy-000) and the primary is
 * `master-down-timer` on prod-haproxy-001, with the old master `lower-priority` (98 < 99,
 * docs/vrrp-behaviour.md §2.6: lower-priority adverts are discarded without resetting the timer).
 */
import { secondsLabel, type Micros } from './time';

export const CAUSE_CODES = [
  'startup',
  'master-down-timer',
  'priority-zero',
  'higher-priority',
  'lower-priority',
  'tie-break-address',
  'script-failed',
  'script-recovered',
  'interface-down',
  'interface-up',
  'fault',
  'fault-cleared',
  'sync-group',
  'stopped',
  'vanished',
  'split-brain',
  'demoted',
  'config-changed',
  'unknown-from-capture',
] as const;

export type CauseCode = (typeof CAUSE_CODES)[number];

/** Why a backup heard nothing it accepts before its master-down timer fired (§2.6, §2.11). */
export type SilenceReason = 'silent' | 'lower-priority' | 'not-heard';

/** Where a cause was seen: a scenario event, a frame of a source, a line of a source. */
export type EvidenceRef =
  | { kind: 'scenario-event'; t: Micros; index: number; text: string }
  | { kind: 'packet'; t: Micros; source: number; packet: number; text?: string }
  | { kind: 'log-line'; t: Micros; source: number; line: number; text: string };

/** The last advert a backup accepted before its master-down timer fired. */
export interface AdvertRef {
  t: Micros;
  /** Sending node id (or address when only the capture names it). */
  from: string;
  priority: number;
  packet?: number;
}

export interface Cause {
  code: CauseCode;
  /** When the cause happened (the fault, the advert, the timer expiry). */
  t: Micros;
  /** The node the cause concerns: whose script failed, who sent priority 0, who took over. */
  node?: string;
  /** The instance concerned, `${node}/${name}`. */
  instance?: string;
  /** master-down-timer: the last accepted advert, the interval and why nothing acceptable came. */
  lastAdvert?: AdvertRef;
  mdiUs?: number;
  silence?: SilenceReason;
  /** higher-/lower-priority, tie-break-address: the two priorities compared (ours, theirs). */
  priority?: { own: number; other: number; otherNode?: string };
  /** higher-priority: the preempt_delay that was honoured, µs. */
  preemptDelayUs?: number;
  /** script-*: the vrrp_script name; interface-*: the interface; sync-group: the group. */
  subject?: string;
  /** Effective priority before and after, where the cause moved it. */
  effective?: { from: number; to: number };
  /** Free detail a producer keeps verbatim (a signal name, a log line's reason). */
  detail?: string;
  evidence: EvidenceRef[];
}

/** One state change of one instance, with its cause and the chain that led to it (root first). */
export interface CausedTransition {
  cause: Cause;
  chain: Cause[];
}

export type NodeNamer = (id: string) => string;

const plain: NodeNamer = (id) => id;

const secs = (us: Micros): string => secondsLabel(us);

/** One clause for one cause, with no trailing punctuation. */
export function describeOne(c: Cause, name: NodeNamer = plain): string {
  const who = c.node ? name(c.node) : 'the node';
  const other = c.priority?.otherNode ? name(c.priority.otherNode) : 'the peer';
  switch (c.code) {
    case 'startup':
      return c.detail ? `${who} started (${c.detail})` : `${who} started`;
    case 'master-down-timer': {
      const mdi = c.mdiUs !== undefined ? ` (${secs(c.mdiUs)})` : '';
      const last = c.lastAdvert;
      const why =
        c.silence === 'lower-priority' && last
          ? `${name(last.from)} kept advertising at priority ${last.priority}, which ${who} discards without resetting its timer`
          : c.silence === 'not-heard'
            ? `${who} did not hear the master's adverts`
            : last
              ? `${name(last.from)} went silent after its last advert at ${secs(last.t)}`
              : 'no advert was heard';
      return `${who}'s master-down timer${mdi} expired: ${why}`;
    }
    case 'priority-zero':
      return `${who} sent priority 0 and stepped down`;
    case 'higher-priority': {
      const p = c.priority;
      const delay = c.preemptDelayUs ? ` after preempt_delay ${secs(c.preemptDelayUs)}` : '';
      // CARP has no priority: its producer says in `detail` what made the node preferred.
      return p
        ? `${who} has the higher priority (${p.own} > ${p.other} of ${other})${delay}`
        : `${who} has the higher priority${delay}${c.detail ? ` (${c.detail})` : ''}`;
    }
    case 'lower-priority':
      return c.priority
        ? `${who} yielded to ${other}: priority ${c.priority.own} < ${c.priority.other}`
        : `${who} yielded to a higher priority`;
    case 'tie-break-address':
      return c.priority
        ? `equal priority ${c.priority.own}: the higher address wins (${other} vs ${who})`
        : 'equal priority: the higher address wins';
    case 'script-failed':
    case 'script-recovered': {
      const verb = c.code === 'script-failed' ? 'failed' : 'recovered';
      const eff = c.effective ? ` (priority ${c.effective.from} → ${c.effective.to})` : '';
      return `${c.subject ?? 'a track script'} ${verb} on ${who}${eff}`;
    }
    case 'interface-down':
    case 'interface-up':
      return `${c.subject ?? 'an interface'} went ${c.code === 'interface-down' ? 'down' : 'up'} on ${who}`;
    case 'fault':
      return `${who} entered FAULT${c.detail ? ` (${c.detail})` : ''}`;
    case 'fault-cleared':
      return `${who} left FAULT`;
    case 'sync-group':
      return `${who} followed its sync group ${c.subject ?? ''}`.trimEnd();
    case 'stopped':
      return `keepalived stopped on ${who}${c.detail ? ` (${c.detail})` : ''}`;
    case 'vanished':
      return `keepalived on ${who} vanished${c.detail ? ` (${c.detail})` : ''}: nothing was sent`;
    case 'split-brain':
      return `${who} did not hear ${other}'s adverts: both are MASTER`;
    case 'demoted':
      return `${who} demoted itself${c.detail ? ` (${c.detail})` : ''}`;
    case 'config-changed':
      return `${who}'s configuration changed${c.detail ? ` (${c.detail})` : ''}`;
    case 'unknown-from-capture':
      return `the capture cannot tell why${c.detail ? ` (${c.detail})` : ''}`;
  }
}

/** The one English sentence for a cause with its chain (root first). */
export function describeCause(t: CausedTransition, name: NodeNamer = plain): string {
  const parts = [...t.chain, t.cause].map((c) => describeOne(c, name));
  const sentence = parts.join('; then ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
}

export function isCauseCode(s: string): s is CauseCode {
  return (CAUSE_CODES as readonly string[]).includes(s);
}
