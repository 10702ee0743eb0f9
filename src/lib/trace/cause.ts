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

/**
 * Causes that happen inside a node and leave nothing on the wire: where one is the truth, capture
 * analysis says `unknown-from-capture` rather than guess.
 */
export const INSIDE_A_NODE: ReadonlySet<CauseCode> = new Set<CauseCode>([
  'script-failed',
  'script-recovered',
  'interface-down',
  'interface-up',
  'fault',
  'fault-cleared',
  'sync-group',
  'stopped',
  'vanished',
  'config-changed',
]);

/** Why a backup heard nothing it accepts before its master-down timer fired (§2.6, §2.11). */
export type SilenceReason = 'silent' | 'lower-priority' | 'not-heard';

/** Where a cause was seen: a scenario event, a frame of a source, a line of a source. */
export type EvidenceRef =
  | { kind: 'scenario-event'; t: Micros; index: number; text: string }
  | { kind: 'packet'; t: Micros; source: number; packet: number; text?: string }
  | { kind: 'log-line'; t: Micros; source: number; line: number; text: string };

/** The evidence in order, each frame or line once (a chain's causes often cite the same packet). */
export function distinctEvidence(list: readonly EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k =
      e.kind === 'packet'
        ? `p|${e.source}|${e.packet}`
        : e.kind === 'log-line'
          ? `l|${e.source}|${e.line}`
          : `s|${e.index}`;
    return !seen.has(k) && !!seen.add(k);
  });
}

/** The last advert a backup accepted before its master-down timer fired. */
export interface AdvertRef {
  t: Micros;
  /** Sending node id (or address when only the capture names it). */
  from: string;
  /** Absent for CARP, whose adverts carry advbase/advskew instead of a priority. */
  priority?: number;
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
  /** The other node concerned: split-brain, the node that did not hear `node`; master-down-timer, the master it stopped accepting. */
  peer?: string;
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

/** Names nodes by a trace's display names (captures may be named from a hosts file). */
export function namerOf(nodes: readonly { id: string; name: string }[]): NodeNamer {
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return (id) => names.get(id) ?? id;
}

const secs = (us: Micros): string => secondsLabel(us);

/** One clause for one cause, with no trailing punctuation. */
export function describeOne(c: Cause, name: NodeNamer = plain): string {
  const who = c.node ? name(c.node) : 'the node';
  const other = c.priority?.otherNode ? name(c.priority.otherNode) : 'the peer';
  switch (c.code) {
    case 'startup':
      return c.detail ? `${who} started (${c.detail})` : `${who} started`;
    case 'master-down-timer': {
      const last = c.lastAdvert;
      const timer =
        last?.priority === 0
          ? `${who}'s master-down timer ran only the skew${c.mdiUs !== undefined ? ` (${secs(c.mdiUs)})` : ''}`
          : `${who}'s master-down timer${c.mdiUs !== undefined ? ` (${secs(c.mdiUs)})` : ''}`;
      const since = last
        ? ` after the last advert it accepted, ${name(last.from)}'s at ${secs(last.t)}${last.priority !== undefined ? ` (priority ${last.priority})` : ''}`
        : '';
      const old = last
        ? name(last.from)
        : c.priority?.otherNode
          ? other
          : c.peer
            ? name(c.peer)
            : 'the master';
      const why =
        c.silence === 'lower-priority'
          ? `${old} kept advertising ${c.priority ? `at priority ${c.priority.other}, below ${who}'s ${c.priority.own}` : 'at a lower priority'}` +
            `, which ${who} discards without resetting its timer`
          : c.silence === 'not-heard'
            ? `${who} did not hear ${old}'s adverts`
            : last?.priority === 0
              ? `${old} had resigned`
              : last || c.peer
                ? `${old} went silent`
                : 'no master was heard';
      return `${timer} expired${since}: ${why}`;
    }
    case 'priority-zero':
      return `${who} sent a priority-0 advert${c.t !== undefined ? ` at ${secs(c.t)}` : ''}, resigning`;
    case 'higher-priority': {
      const p = c.priority;
      const delay = c.preemptDelayUs ? ` after preempt_delay ${secs(c.preemptDelayUs)}` : '';
      // CARP has no priority: its producer says in `detail` what made the node preferred.
      return p
        ? p.own > p.other
          ? `${who} has the higher priority (${p.own} > ${p.other} of ${other})${delay}`
          : `${who} heard ${other} at the higher priority ${p.other} (its own ${p.own}) and yielded${delay}`
        : `${who} has the higher priority${delay}${c.detail ? ` (${c.detail})` : ''}`;
    }
    case 'lower-priority':
      return c.effective ? priorityMoved(who, c.effective) : `${who} advertised a lower priority`;
    case 'tie-break-address':
      return c.priority
        ? `${who} heard ${other} at its own priority ${c.priority.own}, and ${other}'s address is higher: ${who} yielded`
        : (c.detail ?? 'equal priority: the higher address wins');
    case 'script-failed':
    case 'script-recovered': {
      const verb = c.code === 'script-failed' ? 'failed' : 'recovered';
      const eff = c.effective ? ` (priority ${c.effective.from} → ${c.effective.to})` : '';
      return `track script ${c.subject ?? ''} ${verb} on ${who}${eff}`.replace('  ', ' ');
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
      // `subject` names the daemon when it is not keepalived (ucarp).
      return `${c.subject ?? 'keepalived'} on ${who} vanished${c.detail ? ` (${c.detail})` : ''}: nothing was sent`;
    case 'split-brain':
      return `${who}'s adverts stopped reaching ${c.peer ? name(c.peer) : 'its peers'}${c.detail ? ` (${c.detail})` : ''}`;
    case 'demoted':
      return `${who} demoted itself${c.detail ? ` (${c.detail})` : ''}`;
    case 'config-changed':
      return `${who}'s configuration changed${c.detail ? ` (${c.detail})` : ''}`;
    case 'unknown-from-capture': {
      if (c.effective) return `${priorityMoved(who, c.effective)} (why is unknown from the capture)`;
      return `${c.node ? `${who}: ` : ''}${c.detail ?? 'why'} (unknown from the capture)`;
    }
  }
}

/** "n1's priority fell from 100 to 98", or rose. */
const priorityMoved = (who: string, e: { from: number; to: number }): string =>
  `${who}'s priority ${e.to < e.from ? 'fell' : 'rose'} from ${e.from} to ${e.to}`;

/** The one English sentence for a cause with its chain (root first). */
export function describeCause(t: CausedTransition, name: NodeNamer = plain): string {
  const parts = [...t.chain, t.cause].map((c) => describeOne(c, name));
  // Not capitalised: a sentence may begin with a node name, which keeps its own case.
  return parts.join('; then ') + '.';
}

export function isCauseCode(s: string): s is CauseCode {
  return (CAUSE_CODES as readonly string[]).includes(s);
}

const RULES: Record<CauseCode, string> = {
  startup:
    'keepalived starts every non-owner instance in BACKUP with a full Master_Down_Interval; only an address owner (255) becomes MASTER at once (§2.4).',
  'master-down-timer':
    'A backup that accepts no advert for Master_Down_Interval = 3 × advert interval + skew becomes MASTER; lower-priority adverts are discarded without resetting the timer, and after a priority-0 advert the timer is only the skew (§2.2, §2.5).',
  'priority-zero':
    'A master that stops (SIGTERM) or enters FAULT sends a priority-0 advert; a backup then waits only its skew time (§2.5, §2.8, §2.10).',
  'higher-priority':
    'A master that receives an advert with a higher priority than its own yields to BACKUP at once (§2.6); a backup with preempt takes over from a lower master when its timer expires, after preempt_delay if set (§3.1, §3.3).',
  'lower-priority': 'The master advertised a lower effective priority (§4.2).',
  'tie-break-address':
    'Two masters with equal priority: the one with the numerically higher source address stays MASTER (§2.6.1).',
  'script-failed':
    'A track_script failed: its weight changes the effective priority, or without weight the instance enters FAULT (§4.1, §4.2).',
  'script-recovered': 'A track_script succeeded again (§4.1).',
  'interface-down': 'A tracked interface went down (§4.4).',
  'interface-up': 'A tracked interface came back up (§4.4).',
  fault:
    'A tracked item failed (unweighted script, interface or file), so the instance entered FAULT (§2.9, §4.3).',
  'fault-cleared': 'Every fault reason cleared; the instance leaves FAULT for BACKUP (§2.9).',
  'sync-group': 'A member of a vrrp_sync_group follows its group (§6.1).',
  stopped:
    'keepalived was stopped (SIGTERM): a master sends a priority-0 advert and removes its VIPs (§2.10).',
  vanished:
    'keepalived was killed or paused: it sends nothing, and the peers notice only after their Master_Down_Interval (§8).',
  'split-brain':
    'Adverts were not heard, one way or both: each side that hears no master becomes MASTER (§8.1, §8.2).',
  demoted: 'The instance lowered its own priority (§2.6.2).',
  'config-changed': 'The configuration changed (reload or a new priority).',
  'unknown-from-capture':
    'A capture shows only what is on the wire: what happened inside a node (a script, a signal, a fault) is unknown from it.',
};

/** The rule a cause applies, with its section of docs/vrrp-behaviour.md. */
export function causeRule(code: CauseCode): string {
  return RULES[code];
}
