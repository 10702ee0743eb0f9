/**
 * What the config editor says about each keyword: a line of meaning, keepalived 2.2.7's default, and
 * the § of docs/vrrp-behaviour.md that specifies it; which keywords each block accepts (for
 * completion); and which block a place in the text is in. The parser's own tables decide what is
 * accepted; a unit test checks every keyword listed here against them.
 */
import {
  GLOBAL_UNMODELLED_BLOCKS,
  GLOBAL_UNMODELLED_VALUES,
  INSTANCE_UNMODELLED_BLOCKS,
  INSTANCE_UNMODELLED_VALUES,
  SCRIPT_UNMODELLED_VALUES,
  SKIPPED_TOP_BLOCKS,
  SYNC_UNMODELLED_BLOCKS,
  SYNC_UNMODELLED_VALUES,
  TOP_OPTIONS,
} from './keywords';
import { lexConfig } from './lexer';

/** The blocks whose keywords the editor knows; `other` is any block with free-form lines. */
export type BlockKind =
  'top' | 'global_defs' | 'vrrp_script' | 'vrrp_instance' | 'vrrp_sync_group' | 'authentication' | 'other';

export interface KeywordHelp {
  /** What the keyword does, in one sentence. */
  summary: string;
  /** keepalived 2.2.7's value when the keyword is absent. */
  default?: string;
  /** The section of docs/vrrp-behaviour.md, e.g. `§7.4`. */
  section: string;
  /** True when it opens a `{ … }` block. */
  block?: boolean;
}

type Table = Record<string, KeywordHelp>;

const NOTIFY_HELP: Table = {
  notify: { summary: 'Script run on every state change with the new state as arguments.', section: '§6.5' },
  notify_master: { summary: 'Script run on entering MASTER.', section: '§6.5' },
  notify_backup: { summary: 'Script run on entering BACKUP.', section: '§6.5' },
  notify_fault: { summary: 'Script run on entering FAULT.', section: '§6.5' },
  notify_stop: { summary: 'Script run when the instance stops.', section: '§6.5' },
};

const TRACK_SCRIPT: KeywordHelp = {
  summary: 'vrrp_script names to follow, each with an optional `weight W [reverse]`.',
  default: 'weight from the script (0: a failure means FAULT)',
  section: '§4.2',
  block: true,
};
const TRACK_INTERFACE: KeywordHelp = {
  summary: 'Interfaces whose link state changes the priority (weight) or means FAULT (weight 0).',
  default: 'weight 0',
  section: '§4.4',
  block: true,
};

export const KEYWORD_HELP: Record<Exclude<BlockKind, 'other'>, Table> = {
  top: {
    global_defs: { summary: 'Process-wide settings.', section: '§7.6', block: true },
    vrrp_script: {
      summary: 'A health check that instances track: `vrrp_script NAME { … }`, before its users.',
      section: '§4.1',
      block: true,
    },
    vrrp_instance: {
      summary: 'One virtual router: `vrrp_instance NAME { … }`.',
      section: '§7.4',
      block: true,
    },
    vrrp_sync_group: {
      summary: 'Instances that change state together.',
      section: '§6.1',
      block: true,
    },
    include: { summary: 'Reads other files (glob patterns) in place of this line.', section: '§7.1' },
  },
  global_defs: {
    router_id: {
      summary: 'The name of this machine in logs and emails.',
      default: 'the host name',
      section: '§7.6',
    },
    vrrp_version: { summary: 'Default VRRP version of the instances.', default: '2', section: '§6.3' },
    vrrp_strict: { summary: 'Strict RFC compliance for every instance.', default: 'off', section: '§7.4' },
    vrrp_mcast_group4: {
      summary: 'IPv4 multicast group of the adverts.',
      default: '224.0.0.18',
      section: '§7.6',
    },
    vrrp_mcast_group6: {
      summary: 'IPv6 multicast group of the adverts.',
      default: 'ff02::12',
      section: '§7.6',
    },
    script_user: {
      summary: 'User (and group) that runs scripts.',
      default: 'keepalived_script, else root',
      section: '§4.1',
    },
    enable_script_security: {
      summary: 'Refuse scripts writable by non-root users.',
      default: 'off',
      section: '§7.6',
    },
    vrrp_garp_master_delay: {
      summary: 'Delay of the second GARP burst after becoming MASTER, s.',
      default: '5',
      section: '§5.1',
    },
    vrrp_garp_master_repeat: { summary: 'GARPs per VIP in each burst.', default: '5', section: '§5.1' },
    vrrp_garp_master_refresh: {
      summary: 'Seconds between refresh bursts while MASTER.',
      default: '0 (off)',
      section: '§5.1',
    },
    vrrp_garp_master_refresh_repeat: {
      summary: 'GARPs per VIP in each refresh burst.',
      default: '1',
      section: '§5.1',
    },
    vrrp_garp_interval: {
      summary: 'Minimum gap between GARPs on one interface, s.',
      default: '0',
      section: '§5.1',
    },
    vrrp_gna_interval: {
      summary: 'Minimum gap between unsolicited NAs on one interface, s.',
      default: '0',
      section: '§5.1',
    },
    vrrp_lower_prio_no_advert: {
      summary: 'A MASTER does not answer a lower-priority advert.',
      default: 'false',
      section: '§7.6',
    },
    vrrp_higher_prio_send_advert: {
      summary: 'A MASTER sends an advert when it hears a higher priority.',
      default: 'false',
      section: '§7.6',
    },
    vrrp_down_timer_adverts: {
      summary: 'Adverts missed before Master_Down (1..100).',
      default: '3',
      section: '§2.2',
    },
    vrrp_skip_check_adv_addr: {
      summary: 'Skip checking the VIPs of adverts from the current master.',
      default: 'false',
      section: '§1.10',
    },
    vrrp_check_unicast_src: {
      summary: 'Accept unicast adverts only from listed peers.',
      default: 'off',
      section: '§6.2',
    },
    vrrp_startup_delay: {
      summary: 'Hold every instance in BACKUP this long after start, s.',
      default: '0',
      section: '§2.4',
    },
  },
  vrrp_script: {
    script: { summary: 'The command; exit status 0 is success.', default: 'required', section: '§4.1' },
    interval: {
      summary: 'Seconds between runs; the first run is at start-up.',
      default: '1',
      section: '§4.1',
    },
    timeout: {
      summary: 'Seconds before a run is killed and counted as a failure.',
      default: '0 (= interval)',
      section: '§4.1',
    },
    weight: {
      summary: 'Priority change while the script fails (negative) or succeeds (positive), −253..253.',
      default: '0 (failure means FAULT)',
      section: '§4.2',
    },
    rise: { summary: 'Consecutive successes to turn OK.', default: '1', section: '§4.1' },
    fall: { summary: 'Consecutive failures to turn KO.', default: '1', section: '§4.1' },
    user: { summary: 'User (and group) that runs this script.', default: 'script_user', section: '§4.1' },
    init_fail: { summary: 'The script starts in the failed state.', default: 'off', section: '§4.1' },
  },
  vrrp_instance: {
    state: {
      summary: 'Initial state, MASTER or BACKUP.',
      default: 'derived from the priority',
      section: '§2.3',
    },
    interface: {
      summary: 'Interface the adverts are sent and received on.',
      default: 'required (unless unicast_src_ip)',
      section: '§7.4',
    },
    virtual_router_id: {
      summary: 'The VRID, 1..255, shared by the routers of one virtual router.',
      default: 'required',
      section: '§7.4',
    },
    priority: {
      summary: 'Base priority, 1..255; the highest becomes MASTER.',
      default: '100 (255 with state MASTER)',
      section: '§7.4',
    },
    advert_int: { summary: 'Seconds between adverts.', default: '1', section: '§1.5' },
    version: {
      summary: 'VRRP version of this instance, 2 or 3.',
      default: 'global vrrp_version (2)',
      section: '§6.3',
    },
    nopreempt: {
      summary: 'A higher priority does not take over a working MASTER (needs state BACKUP).',
      default: 'preempt',
      section: '§3.2',
    },
    preempt: { summary: 'A higher priority takes over (the default).', default: 'on', section: '§3.1' },
    preempt_delay: {
      summary: 'Seconds after start-up before preempting, 0..1000.',
      default: '0',
      section: '§3.3',
    },
    track_script: TRACK_SCRIPT,
    track_interface: TRACK_INTERFACE,
    track_file: {
      summary: 'Files whose number changes the priority.',
      default: 'weight from the file',
      section: '§4.5',
      block: true,
    },
    dont_track_primary: {
      summary: "The instance's own interface going down does not mean FAULT.",
      default: 'off',
      section: '§6.4',
    },
    virtual_ipaddress: {
      summary: 'The VIPs the MASTER holds, one per line.',
      default: 'none (a warning in v2)',
      section: '§7.4',
      block: true,
    },
    virtual_ipaddress_excluded: {
      summary: 'VIPs held but not carried in adverts.',
      default: 'none',
      section: '§7.4',
      block: true,
    },
    virtual_routes: {
      summary: 'Routes added and removed with the VIPs.',
      default: 'none',
      section: '§7.4',
      block: true,
    },
    virtual_rules: {
      summary: 'Policy rules added and removed with the VIPs.',
      default: 'none',
      section: '§7.4',
      block: true,
    },
    authentication: {
      summary: 'v2 only: auth_type PASS|AH and auth_pass.',
      default: 'none',
      section: '§1.6',
      block: true,
    },
    unicast_src_ip: {
      summary: 'Source address of unicast adverts.',
      default: "the interface's primary address",
      section: '§6.2',
    },
    unicast_peer: {
      summary: 'Peers to send adverts to instead of multicast.',
      default: 'none (multicast)',
      section: '§6.2',
      block: true,
    },
    unicast_ttl: { summary: 'TTL of unicast adverts, 0..255.', default: '255', section: '§6.2' },
    mcast_src_ip: {
      summary: 'Source address of multicast adverts.',
      default: "the interface's primary address",
      section: '§7.4',
    },
    mcast_dst_ip: {
      summary: 'Destination group of the adverts.',
      default: '224.0.0.18 / ff02::12',
      section: '§7.4',
    },
    garp_master_delay: {
      summary: 'Delay of the second GARP burst after becoming MASTER, s.',
      default: '5',
      section: '§5.1',
    },
    garp_master_repeat: { summary: 'GARPs per VIP in each burst.', default: '5', section: '§5.1' },
    garp_master_refresh: {
      summary: 'Seconds between refresh bursts while MASTER.',
      default: '0 (off)',
      section: '§5.1',
    },
    garp_master_refresh_repeat: {
      summary: 'GARPs per VIP in each refresh burst.',
      default: '1',
      section: '§5.1',
    },
    use_vmac: {
      summary: 'Use the virtual MAC 00:00:5e:00:01:VRID on a macvlan.',
      default: 'off',
      section: '§1.8',
    },
    vmac_xmit_base: {
      summary: 'Send adverts from the base interface, not the VMAC.',
      default: 'off',
      section: '§1.8',
    },
    lower_prio_no_advert: {
      summary: 'A MASTER does not answer a lower-priority advert.',
      default: 'false (true in strict mode)',
      section: '§7.4',
    },
    higher_prio_send_advert: {
      summary: 'A MASTER sends an advert when it hears a higher priority.',
      default: 'false',
      section: '§7.4',
    },
    down_timer_adverts: {
      summary: 'Adverts missed before Master_Down, 1..100.',
      default: '3',
      section: '§2.2',
    },
    skip_check_adv_addr: {
      summary: 'Skip checking the VIPs of adverts from the current master.',
      default: 'global vrrp_skip_check_adv_addr (false)',
      section: '§1.10',
    },
    strict_mode: {
      summary: 'Strict RFC compliance for this instance.',
      default: 'global vrrp_strict (false)',
      section: '§7.4',
    },
    ...NOTIFY_HELP,
    notify_master_rx_lower_pri: {
      summary: 'Script run when a MASTER hears a lower priority.',
      section: '§6.5',
    },
  },
  vrrp_sync_group: {
    group: {
      summary: 'The instances of the group, one per line.',
      default: 'required',
      section: '§6.1',
      block: true,
    },
    track_script: TRACK_SCRIPT,
    track_interface: TRACK_INTERFACE,
    sync_group_tracking_weight: {
      summary: "Members' tracking weights apply to the whole group.",
      default: 'off',
      section: '§6.1',
    },
    ...NOTIFY_HELP,
  },
  authentication: {
    auth_type: { summary: 'PASS (a clear password) or AH (IPsec AH).', default: 'none', section: '§1.6' },
    auth_pass: { summary: 'The password; only its first 8 characters are used.', section: '§1.6' },
  },
};

/** Keywords keepalived accepts in a block without vrrpscope modelling them, by block. */
const UNMODELLED: Partial<Record<BlockKind, { values: readonly string[]; blocks: readonly string[] }>> = {
  top: { values: TOP_OPTIONS, blocks: SKIPPED_TOP_BLOCKS },
  global_defs: { values: GLOBAL_UNMODELLED_VALUES, blocks: GLOBAL_UNMODELLED_BLOCKS },
  vrrp_script: { values: SCRIPT_UNMODELLED_VALUES, blocks: [] },
  vrrp_instance: { values: INSTANCE_UNMODELLED_VALUES, blocks: INSTANCE_UNMODELLED_BLOCKS },
  vrrp_sync_group: { values: SYNC_UNMODELLED_VALUES, blocks: SYNC_UNMODELLED_BLOCKS },
};

/** The § where a block's keywords are specified, for keywords vrrpscope does not model. */
const BLOCK_SECTION: Record<BlockKind, string> = {
  top: '§7.2',
  global_defs: '§7.6',
  vrrp_script: '§4.1',
  vrrp_instance: '§7.4',
  vrrp_sync_group: '§7.5',
  authentication: '§1.6',
  other: '§7',
};

export interface KeywordEntry extends KeywordHelp {
  name: string;
  /** False for keywords keepalived accepts that vrrpscope does not model. */
  modelled: boolean;
}

/** Help for `name` written in a block of `kind`, or null when the block does not accept it. */
export function keywordHelp(kind: BlockKind, name: string): KeywordEntry | null {
  const help = kind === 'other' ? undefined : KEYWORD_HELP[kind][name];
  if (help) return { name, modelled: true, ...help };
  const u = UNMODELLED[kind];
  if (u && (u.values.includes(name) || u.blocks.includes(name)))
    return {
      name,
      modelled: false,
      block: u.blocks.includes(name),
      summary: 'keepalived accepts it; vrrpscope does not model it.',
      section: BLOCK_SECTION[kind],
    };
  return null;
}

/** Every keyword a block accepts, the modelled ones first (completion). */
export function blockKeywords(kind: BlockKind): KeywordEntry[] {
  if (kind === 'other') return [];
  const u = UNMODELLED[kind];
  const names = [...Object.keys(KEYWORD_HELP[kind]), ...(u?.values ?? []), ...(u?.blocks ?? [])];
  return [...new Set(names)].map((n) => keywordHelp(kind, n)!);
}

const KNOWN_BLOCKS = new Set<string>([
  'global_defs',
  'vrrp_script',
  'vrrp_instance',
  'vrrp_sync_group',
  'authentication',
]);

/**
 * The block that encloses `offset` of `text`: the keyword of each `{` still open there, innermost
 * last. Includes are not followed (the editor shows one file).
 */
export function blockPath(text: string, offset: number): string[] {
  const before = text.slice(0, offset);
  const items = lexConfig(before);
  const stack: string[] = [];
  let last: string | undefined;
  for (const item of items) {
    if (item.kind === 'words') last = item.tokens[0]?.text;
    else if (item.kind === 'open') {
      stack.push(last ?? '');
      last = undefined;
    } else {
      stack.pop();
      last = undefined;
    }
  }
  return stack;
}

/** The kind of the innermost block at `offset`. */
export function blockKindAt(text: string, offset: number): BlockKind {
  const path = blockPath(text, offset);
  if (!path.length) return 'top';
  const inner = path[path.length - 1];
  if (path.length === 1 && KNOWN_BLOCKS.has(inner) && inner !== 'authentication') return inner as BlockKind;
  if (inner === 'authentication' && path[0] === 'vrrp_instance' && path.length === 2) return 'authentication';
  return 'other';
}
