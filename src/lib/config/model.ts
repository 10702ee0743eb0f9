/**
 * The typed model of one keepalived.conf, *after* keepalived 2.2.7's completion step
 * (`vrrp_complete_instance()`): defaults applied and corrections made, exactly as the daemon would run it
 * (docs/vrrp-behaviour.md §2.3, §7). The parser (parser.ts) produces it; the simulator consumes it; the
 * serializer (print.ts) writes it back as keepalived.conf text.
 *
 * Every element remembers where it came from (`at`), so diagnostics and the UI can point at the text.
 */
import type { TextPosition } from '../trace/diagnostic';
import type { Family } from '../trace/types';

export interface GlobalDefs {
  routerId?: string;
  /** vrrp_version, default 2. */
  vrrpVersion: 2 | 3;
  vrrpMcastGroup4: string;
  vrrpMcastGroup6: string;
  vrrpStrict: boolean;
  scriptUser?: string;
  enableScriptSecurity: boolean;
  /** vrrp_garp_master_delay in s (default 5). */
  vrrpGarpMasterDelayS: number;
  /** vrrp_garp_master_repeat (default 5). */
  vrrpGarpMasterRepeat: number;
  /** vrrp_garp_master_refresh in s (0 = off). */
  vrrpGarpMasterRefreshS: number;
  vrrpGarpMasterRefreshRepeat: number;
  /** vrrp_garp_interval in µs between GARPs of one burst (default 0). */
  vrrpGarpIntervalUs: number;
  vrrpGnaIntervalUs: number;
  vrrpLowerPrioNoAdvert: boolean;
  vrrpHigherPrioSendAdvert: boolean;
  vrrpDownTimerAdverts: number;
  vrrpSkipCheckAdvAddr: boolean;
  vrrpCheckUnicastSrc: boolean;
  vrrpStartupDelayS: number;
  at?: TextPosition;
}

export interface VrrpScript {
  name: string;
  /** The command line, unquoted. */
  script: string;
  /** Seconds between runs (default 1). */
  intervalS: number;
  /** Seconds before a run counts as failed (default: the interval). */
  timeoutS: number;
  /** -253..253 (default 0: the script decides FAULT). */
  weight: number;
  /** weight … reverse. */
  weightReverse: boolean;
  /** Successes needed to go from bad to good (default 1). */
  rise: number;
  /** Failures needed to go from good to bad (default 1). */
  fall: number;
  user?: string;
  /** `init_fail`: start in the failed state. */
  initFail: boolean;
  at?: TextPosition;
}

/** One entry of `virtual_ipaddress` (or `_excluded`). */
export interface VirtualAddress {
  address: string;
  prefix: number;
  family: Family;
  dev?: string;
  label?: string;
  brd?: string;
  scope?: string;
  noTrack?: boolean;
  at?: TextPosition;
}

/** A `track_script`, `track_interface` or `track_file` reference with its effective weight. */
export interface TrackRef {
  name: string;
  /** The weight that applies (the reference's, else the tracked object's). */
  weight: number;
  reverse: boolean;
  at?: TextPosition;
}

export type ConfiguredState = 'MASTER' | 'BACKUP';

export interface VrrpInstance {
  name: string;
  /** Absent only when keepalived would refuse the config (an error diagnostic says so). */
  interface?: string;
  /**
   * The `state` keyword as written and accepted (wantstate), after §2.3's derivation. In a sync group
   * with a non-owner member keepalived starts MASTER members as BACKUP (§6.1); that is startup
   * behaviour, left to the simulator.
   */
  state: ConfiguredState;
  /** 1..255; undefined only when the config is refused. */
  vrid?: number;
  /** Base priority after completion: 255 for `state MASTER` without `priority`, 100 by default. */
  priority: number;
  /** True when `priority` was written. */
  priorityGiven: boolean;
  /** 2 or 3: the instance's `version`, else the global vrrp_version; IPv6 forces 3. */
  version: 2 | 3;
  family: Family;
  /** After rounding (v2: whole seconds; v3: 10 ms units), in centiseconds. */
  advertIntervalCs: number;
  vips: VirtualAddress[];
  excludedVips: VirtualAddress[];
  preempt: boolean;
  /** preempt_delay in seconds (0..1000). */
  preemptDelayS: number;
  trackScripts: TrackRef[];
  trackInterfaces: TrackRef[];
  trackFiles: TrackRef[];
  dontTrackPrimary: boolean;
  authType?: 'PASS' | 'AH';
  /** At most 8 characters (longer ones are truncated with a diagnostic). */
  authPass?: string;
  unicastSrcIp?: string;
  unicastPeers: string[];
  /** Default 255; 0 when set without peers (keepalived resets it, §7.4). */
  unicastTtl: number;
  mcastSrcIp?: string;
  mcastDstIp?: string;
  /** garp_master_delay in s (default: the global one, 5). */
  garpMasterDelayS: number;
  garpMasterRepeat: number;
  garpMasterRefreshS: number;
  garpMasterRefreshRepeat: number;
  useVmac: boolean;
  vmacName?: string;
  vmacMac?: string;
  vmacXmitBase: boolean;
  lowerPrioNoAdvert: boolean;
  higherPrioSendAdvert: boolean;
  downTimerAdverts: number;
  skipCheckAdvAddr: boolean;
  strictMode: boolean;
  notify: Partial<
    Record<
      | 'notify'
      | 'notify_master'
      | 'notify_backup'
      | 'notify_fault'
      | 'notify_stop'
      | 'notify_master_rx_lower_pri',
      string
    >
  >;
  /** The sync group this instance belongs to, if any. */
  syncGroup?: string;
  at?: TextPosition;
}

export interface VrrpSyncGroup {
  name: string;
  /** Instance names, in order. */
  group: string[];
  trackScripts: TrackRef[];
  trackInterfaces: TrackRef[];
  notify: Partial<
    Record<'notify' | 'notify_master' | 'notify_backup' | 'notify_fault' | 'notify_stop', string>
  >;
  /** `sync_group_tracking_weight`: member weights stay in force (§6.1). */
  trackingWeight?: boolean;
  at?: TextPosition;
}

/** A block vrrpscope does not model (virtual_server, …): kept so it can be printed back. */
export interface SkippedBlock {
  keyword: string;
  /** The block's text as written, from its keyword to its closing brace. */
  text: string;
  at?: TextPosition;
}

export interface KeepalivedConfig {
  /** The file name the config was read from, if any. */
  file?: string;
  globalDefs: GlobalDefs;
  scripts: VrrpScript[];
  instances: VrrpInstance[];
  syncGroups: VrrpSyncGroup[];
  skipped: SkippedBlock[];
}

/**
 * One match of an `include` pattern. `skip` marks a match keepalived does not read (§7.1): a
 * directory, or anything that is not a regular non-executable file (a FIFO, a device, an
 * executable); its `text` is empty. Only a resolver that knows file types (the CLI's) sets it.
 */
export interface IncludedFile {
  file: string;
  text: string;
  skip?: 'directory' | 'not-regular';
}

/** Resolves an `include` path (already made absolute or relative to the including file) to file texts. */
export type IncludeResolver = (path: string, fromFile: string | undefined) => IncludedFile[];
