/**
 * What the keyword handlers collect before keepalived's completion step: the model being built plus
 * the facts completion needs (which keywords were written, and where).
 */
import type { TextPosition } from '../trace/diagnostic';
import type { GlobalDefs, VrrpInstance, VrrpScript, VrrpSyncGroup } from './model';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

/** Instance fields that default to a global_defs value when not written in the instance. */
export interface InstanceOverrides {
  version?: 2 | 3;
  garpMasterDelayS?: number;
  garpMasterRepeat?: number;
  garpMasterRefreshS?: number;
  garpMasterRefreshRepeat?: number;
  lowerPrioNoAdvert?: boolean;
  higherPrioSendAdvert?: boolean;
  downTimerAdverts?: number;
  skipCheckAdvAddr?: boolean;
  strictMode?: boolean;
}

export interface InstanceDraft {
  inst: VrrpInstance;
  given: InstanceOverrides;
  /** The name span of the `vrrp_instance` line: where completion errors point. */
  at: TextPosition;
  /** Where each keyword that completion may report on was written. */
  where: Partial<
    Record<
      | 'state'
      | 'priority'
      | 'advert_int'
      | 'nopreempt'
      | 'preempt_delay'
      | 'authentication'
      | 'unicast_ttl'
      | 'unicast_src_ip'
      | 'version'
      | 'virtual_ipaddress',
      TextPosition
    >
  >;
  /** `advert_int` as written, in seconds (rounded at completion, §1.5). */
  advertIntS?: number;
  unicastTtlGiven: boolean;
  /** The instance's closing brace: keepalived's end-of-block checks report there. */
  closeAt?: TextPosition;
}

/** What the `vrrp_instance` keyword handlers work on: one context per block read. */
export interface InstanceCtx {
  d: InstanceDraft;
  inst: VrrpInstance;
  /** The instance name, as keepalived prefixes its messages: `(VI) …`. */
  vi: string;
  r: Reporter;
  /** The vrrp_scripts defined so far (§7.3). */
  scripts: Map<string, ScriptDraft>;
  onNotify: (s: Stmt) => void;
}

export interface SyncGroupDraft {
  group: VrrpSyncGroup;
  /** Where each member name was written. */
  memberAt: TextPosition[];
  trackingWeight: boolean;
}

export interface ScriptDraft {
  script: VrrpScript;
  /** False until a `script` line was read; a script without one is removed (§4.1). */
  hasCommand: boolean;
  timeoutGiven: boolean;
}

export interface ConfigDraft {
  globalDefs: GlobalDefs;
  scripts: ScriptDraft[];
  instances: InstanceDraft[];
  syncGroups: SyncGroupDraft[];
  skipped: { keyword: string; text: string; at?: TextPosition }[];
  /** Where the first notify script was configured (script security warning). */
  firstNotifyAt?: TextPosition;
}

/** keepalived 2.2.7's global defaults (`core/global_data.c`, §5.1, §7.6). */
export function defaultGlobalDefs(): GlobalDefs {
  return {
    vrrpVersion: 2,
    vrrpMcastGroup4: '224.0.0.18',
    vrrpMcastGroup6: 'ff02::12',
    vrrpStrict: false,
    enableScriptSecurity: false,
    vrrpGarpMasterDelayS: 5,
    vrrpGarpMasterRepeat: 5,
    vrrpGarpMasterRefreshS: 0,
    vrrpGarpMasterRefreshRepeat: 1,
    vrrpGarpIntervalUs: 0,
    vrrpGnaIntervalUs: 0,
    vrrpLowerPrioNoAdvert: false,
    vrrpHigherPrioSendAdvert: false,
    vrrpDownTimerAdverts: 3,
    vrrpSkipCheckAdvAddr: false,
    vrrpCheckUnicastSrc: false,
    vrrpStartupDelayS: 0,
  };
}

/** A fresh instance with the values keepalived uses when a keyword is absent (§7.4). */
export function newInstance(name: string, at: TextPosition): VrrpInstance {
  return {
    name,
    state: 'BACKUP',
    priority: 100,
    priorityGiven: false,
    version: 2,
    family: 'ipv4',
    advertIntervalCs: 100,
    vips: [],
    excludedVips: [],
    preempt: true,
    preemptDelayS: 0,
    trackScripts: [],
    trackInterfaces: [],
    trackFiles: [],
    dontTrackPrimary: false,
    unicastPeers: [],
    unicastTtl: 255,
    garpMasterDelayS: 5,
    garpMasterRepeat: 5,
    garpMasterRefreshS: 0,
    garpMasterRefreshRepeat: 1,
    useVmac: false,
    vmacXmitBase: false,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    downTimerAdverts: 3,
    skipCheckAdvAddr: false,
    strictMode: false,
    notify: {},
    at,
  };
}

/** Remembers where an instance keyword was written, for completion messages. */
export function here(c: InstanceCtx, key: keyof InstanceDraft['where'], st: Stmt): void {
  c.d.where[key] = lineSpan(st);
}
