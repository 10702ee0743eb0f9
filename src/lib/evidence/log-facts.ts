/**
 * keepalived's message texts → facts (docs/keepalived-outputs.md §1e; the formats are the ones in
 * keepalived 2.2.7's binary, and the 1.x dialect's `VRRP_Instance(X) ` prefix, `Transition to`
 * and the rejection cluster ending in `ignoring received advertisment...`). A message that is no
 * fact stays text on its lane.
 */
import type { CauseCode } from '../trace/cause';

export type LogState = 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT' | 'STOP';

/** Why a received advert was rejected (a rejection line names it). */
export type RejectReason =
  | 'address-list'
  | 'interval'
  | 'ttl'
  | 'auth'
  | 'checksum'
  | 'unicast-peer'
  | 'version'
  | 'length'
  | 'own-address'
  | 'bogus';

export type LogFact =
  /** `Entering X STATE`; `intent` for 1.x's `Transition to X STATE`, which precedes it. */
  | { kind: 'state'; instance: string; to: LogState; init: boolean; intent?: boolean }
  /** A line that carries a cause of the cause model. */
  | {
      kind: 'cause';
      code: CauseCode;
      instance?: string;
      subject?: string;
      from?: string;
      priority?: { own: number; other: number };
      detail?: string;
    }
  /** `received lower priority (P) advert from A - discarding`: why a master-down timer ran out. */
  | { kind: 'discard-lower'; instance: string; priority: number; from: string }
  | { kind: 'reject'; instance?: string; reason: RejectReason; from?: string; detail: string }
  /** 1.x `ignoring received advertisment...`: the reason is on the line before. */
  | { kind: 'ignored'; instance: string }
  | { kind: 'garp'; interface: string; address: string; instance?: string }
  | { kind: 'address'; interface: string; address: string }
  | { kind: 'daemon'; status: 'starting' | 'stopping' | 'stopped'; detail?: string }
  | { kind: 'sent-priority-zero'; instance: string }
  /** `A thread timer expired N seconds ago`: the daemon ran nothing for N s (SIGSTOP, a stall). */
  | { kind: 'stalled'; seconds: number }
  /** `Changing effective priority from A to B`: what a script or interface weight did. */
  | { kind: 'effective'; instance: string; from: number; to: number };

const STATE_WORDS: Record<string, LogState> = {
  MASTER: 'MASTER',
  BACKUP: 'BACKUP',
  FAULT: 'FAULT',
  INIT: 'INIT',
  STOP: 'STOP',
};

/** Splits the instance prefix: 2.x `(VI_1) ` / `(VI_1): `, 1.x `VRRP_Instance(VI_1) `. */
export function instancePrefix(message: string): {
  instance?: string;
  rest: string;
  dialect?: '1.x' | '2.x';
} {
  let m = /^VRRP_Instance\(([^)]*)\):? ?(.*)$/.exec(message);
  if (m) return { instance: m[1], rest: m[2], dialect: '1.x' };
  m = /^\(([^)]*)\):? ?(.*)$/.exec(message);
  if (m) return { instance: m[1], rest: m[2], dialect: '2.x' };
  return { rest: message };
}

const num = (s: string): number => Number(s);

/**
 * How every fact below begins (an instance prefix, or the start of a message-level pattern): most
 * lines of a log are no fact, and one test of these turns them away before the forty patterns.
 */
const FACT_STARTS = [
  'VRRP_',
  '(',
  'Sending ',
  'Assigned address ',
  'Netlink reports ',
  'Kernel is reporting: ',
  'bogus VRRP ',
  'A thread timer ',
  'Stopp',
  'Starting ',
];
const FACT_START = new RegExp(`^(?:${FACT_STARTS.map((p) => p.replace(/[()]/g, '\\$&')).join('|')})`);
/** The same beginnings as bytes (all ASCII, so a UTF-8 message begins with one exactly when its text does). */
const FACT_START_BYTES = FACT_STARTS.map((p) => Uint8Array.from(p, (ch) => ch.charCodeAt(0)));

/** True when the message in bytes [from, end) may state a fact: its text is worth decoding. */
export function mayBeFact(bytes: Uint8Array, from: number, end: number): boolean {
  next: for (const p of FACT_START_BYTES) {
    if (end - from < p.length) continue;
    for (let k = 0; k < p.length; k++) if (bytes[from + k] !== p[k]) continue next;
    return true;
  }
  return false;
}

/** The fact one keepalived message states, or null. */
export function factOf(message: string): LogFact | null {
  if (!FACT_START.test(message)) return null;
  const { instance, rest } = instancePrefix(message);
  let m: RegExpExecArray | null;
  if (instance !== undefined) {
    const i = instance;
    if ((m = /^Entering (MASTER|BACKUP|FAULT|INIT|STOP) STATE( \(init\))?/.exec(rest)))
      return { kind: 'state', instance: i, to: STATE_WORDS[m[1].toUpperCase()], init: !!m[2] };
    if ((m = /^Transition to (MASTER|BACKUP|FAULT) STATE/i.exec(rest)))
      return { kind: 'state', instance: i, to: STATE_WORDS[m[1].toUpperCase()], init: false, intent: true };
    if (/^Receive advertisement timeout/.test(rest))
      return { kind: 'cause', code: 'master-down-timer', instance: i };
    if (
      /^Backup received priority 0 advertisement/.test(rest) ||
      /^Master received priority 0 message/.test(rest)
    )
      return { kind: 'cause', code: 'priority-zero', instance: i };
    // The master heard a higher priority and yields (the simulator's `higher-priority` too); the
    // line below is a master answering a lower one, staying MASTER (§2.6).
    if ((m = /^Master received advert from (\S+) with higher priority (\d+), ours (\d+)/.exec(rest)))
      return {
        kind: 'cause',
        code: 'higher-priority',
        instance: i,
        from: m[1],
        priority: { own: num(m[3]), other: num(m[2]) },
      };
    if ((m = /^Master received advert from (\S+) with same priority (\d+) but higher IP address/.exec(rest)))
      return {
        kind: 'cause',
        code: 'tie-break-address',
        instance: i,
        from: m[1],
        priority: { own: num(m[2]), other: num(m[2]) },
      };
    // 2.x names the sender; 1.x does not.
    if ((m = /^Received advert (?:from (\S+) )?with lower priority (\d+), ours (\d+)/.exec(rest)))
      return {
        kind: 'cause',
        code: 'higher-priority',
        instance: i,
        from: m[1],
        priority: { own: num(m[3]), other: num(m[2]) },
      };
    if ((m = /^received lower priority \((\d+)\) advert from (\S+) - discarding/.exec(rest)))
      return { kind: 'discard-lower', instance: i, priority: num(m[1]), from: m[2] };
    if ((m = /^Changing effective priority from (\d+) to (\d+)/.exec(rest)))
      return { kind: 'effective', instance: i, from: num(m[1]), to: num(m[2]) };
    if ((m = /^entering FAULT state \(interface (\S+) down\)/.exec(rest)))
      return { kind: 'cause', code: 'interface-down', instance: i, subject: m[1] };
    if ((m = /^interface (\S+) is down/.exec(rest)))
      return { kind: 'cause', code: 'interface-down', instance: i, subject: m[1] };
    if ((m = /^entering FAULT state due to script (\S+)/.exec(rest)))
      return { kind: 'cause', code: 'script-failed', instance: i, subject: m[1] };
    if ((m = /^entering FAULT state(?: \((.*)\))?/.exec(rest)))
      return { kind: 'cause', code: 'fault', instance: i, detail: m[1] };
    if (/^sent 0 priority/.test(rest)) return { kind: 'sent-priority-zero', instance: i };
    if ((m = /^ip address associated with VRID (\d+) not present in MASTER advert ?: ?(\S+)/.exec(rest)))
      return { kind: 'reject', instance: i, reason: 'address-list', detail: `VRID ${m[1]}: ${m[2]}` };
    if ((m = /^received an unexpected ip number count (\d+), expected (\d+)/.exec(rest)))
      return {
        kind: 'reject',
        instance: i,
        reason: 'address-list',
        detail: `${m[1]} addresses received, ${m[2]} expected`,
      };
    if ((m = /^advertisement interval mismatch mine=(\d+) sec rcv'd=(-?\d+) sec/.exec(rest)))
      return {
        kind: 'reject',
        instance: i,
        reason: 'interval',
        detail: `mine ${m[1]} s, received ${m[2]} s`,
      };
    if (
      (m = /^TTL\/HL (\d+) (?:from (\S+) )?not in range/.exec(rest)) ||
      (m = /^invalid TTL\/HL\. Received (\d+)/.exec(rest))
    )
      return { kind: 'reject', instance: i, reason: 'ttl', from: m[2], detail: `TTL ${m[1]}` };
    if (
      /^received an invalid passwd/.test(rest) ||
      /^received a \d+ auth, expecting \d+/.test(rest) ||
      /^(?:Received AH header but auth type not AH|No AH header but auth type is AH)/.test(rest)
    )
      return { kind: 'reject', instance: i, reason: 'auth', detail: rest };
    if (/^Invalid VRRPv[23] checksum/.test(rest))
      return { kind: 'reject', instance: i, reason: 'checksum', detail: rest };
    if ((m = /^unicast source address (\S+) not a unicast peer/.exec(rest)))
      return { kind: 'reject', instance: i, reason: 'unicast-peer', from: m[1], detail: rest };
    if (/^wrong version/.test(rest)) return { kind: 'reject', instance: i, reason: 'version', detail: rest };
    if (/^vrrp packet too /.test(rest))
      return { kind: 'reject', instance: i, reason: 'length', detail: rest };
    if (/^WARNING - equal priority advert received from remote host with our IP address/.test(rest))
      return { kind: 'reject', instance: i, reason: 'own-address', detail: rest };
    if (/^ignoring received advertisment/.test(rest)) return { kind: 'ignored', instance: i };
    if ((m = /^Sending\/queueing gratuitous ARPs on (\S+) for (\S+)/.exec(rest)))
      return { kind: 'garp', interface: m[1], address: m[2], instance: i };
  }
  if ((m = /^VRRP_Script\((\S+?)\) (succeeded|failed|timed_out)/.exec(message)))
    return {
      kind: 'cause',
      code: m[2] === 'succeeded' ? 'script-recovered' : 'script-failed',
      subject: m[1],
      detail: m[2],
    };
  if ((m = /^VRRP_Group\((\S+?)\):? Syncing (?:instances|\S+) to (MASTER|BACKUP|FAULT) state/.exec(message)))
    return { kind: 'cause', code: 'sync-group', subject: m[1], detail: m[2] };
  if (
    (m = /^Sending gratuitous ARP on (\S+) for (\S+)/.exec(message)) ||
    (m = /^Sending unsolicited Neighbour Advert on (\S+) for (\S+)/.exec(message))
  )
    return { kind: 'garp', interface: m[1], address: m[2] };
  if ((m = /^Assigned address (\S+) for interface (\S+)/.exec(message)))
    return { kind: 'address', interface: m[2], address: m[1] };
  if ((m = /^Netlink reports (\S+) down/.exec(message)))
    return { kind: 'cause', code: 'interface-down', subject: m[1] };
  if ((m = /^Netlink reports (\S+) up/.exec(message)))
    return { kind: 'cause', code: 'interface-up', subject: m[1] };
  if ((m = /^Kernel is reporting: interface (\S+) (DOWN|UP)/.exec(message)))
    return { kind: 'cause', code: m[2] === 'DOWN' ? 'interface-down' : 'interface-up', subject: m[1] };
  if ((m = /^(?:VRRP_Instance\((\S+)\) )?bogus VRRP packet received on (\S+)/.exec(message)))
    return { kind: 'reject', instance: m[1], reason: 'bogus', detail: `bogus VRRP packet on ${m[2]}` };
  if (
    (m =
      /^\((\S+?)\):? ip address associated with VRID (\d+) not present in (?:the )?(?:received|MASTER) advert/.exec(
        message,
      ))
  )
    return { kind: 'reject', instance: m[1], reason: 'address-list', detail: message };
  if ((m = /^A thread timer expired ([\d.]+) seconds ago/.exec(message)))
    return { kind: 'stalled', seconds: Number(m[1]) };
  if (/^Stopping\b/.test(message)) return { kind: 'daemon', status: 'stopping' };
  if ((m = /^Stopped(?: (.*))?$/.exec(message))) return { kind: 'daemon', status: 'stopped', detail: m[1] };
  if ((m = /^Starting (Keepalived v\S+|VRRP child process.*)/.exec(message)))
    return { kind: 'daemon', status: 'starting', detail: m[1] };
  return null;
}
