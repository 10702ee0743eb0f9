/**
 * keepalived 2.2.7's completion step (`vrrp.c:vrrp_complete_instance()`, `vrrp_complete_init()`):
 * defaults from global_defs, the derived state and priority (docs/vrrp-behaviour.md §2.3), interval
 * rounding (§1.5), and the corrections and refusals of §7.7. Errors here are the ones keepalived refuses
 * to start with; everything else is a warning that says what value is used instead.
 */
import type { ConfigDraft, InstanceDraft } from './draft';
import type { GlobalDefs, TrackRef } from './model';
import type { Reporter } from './values';

export function completeInstance(d: InstanceDraft, g: GlobalDefs, r: Reporter): void {
  const inst = d.inst;
  const vi = inst.name;
  const given = d.given;
  const strict = given.strictMode ?? g.vrrpStrict;
  inst.strictMode = strict;
  inst.garpMasterDelayS = given.garpMasterDelayS ?? g.vrrpGarpMasterDelayS;
  inst.garpMasterRepeat = given.garpMasterRepeat ?? g.vrrpGarpMasterRepeat;
  inst.garpMasterRefreshS = given.garpMasterRefreshS ?? g.vrrpGarpMasterRefreshS;
  inst.garpMasterRefreshRepeat = given.garpMasterRefreshRepeat ?? g.vrrpGarpMasterRefreshRepeat;
  inst.lowerPrioNoAdvert = strict ? true : (given.lowerPrioNoAdvert ?? g.vrrpLowerPrioNoAdvert);
  inst.higherPrioSendAdvert = strict ? false : (given.higherPrioSendAdvert ?? g.vrrpHigherPrioSendAdvert);
  inst.downTimerAdverts = strict ? 3 : (given.downTimerAdverts ?? g.vrrpDownTimerAdverts);
  inst.skipCheckAdvAddr = given.skipCheckAdvAddr ?? g.vrrpSkipCheckAdvAddr;

  // vrrp_end_handler(): unicast_ttl without peers resets the TTL to 0 (§7.4, lab).
  if (d.unicastTtlGiven && inst.unicastPeers.length === 0) {
    r.report(
      'config.unicast-ttl-no-peers',
      'warning',
      `Cannot use unicast_ttl without unicast peers - resetting`,
      d.where.unicast_ttl ?? d.at,
      'keepalived then sends with TTL 0: no advert ever leaves the host (§8).',
    );
    inst.unicastTtl = 0;
  } else if (d.where.unicast_src_ip && inst.unicastPeers.length === 0) {
    r.report(
      'config.unicast-no-peers',
      'warning',
      `A unicast keyword has been specified without any unicast peers. Defaulting to multicast.`,
      d.where.unicast_src_ip,
    );
  }

  if (inst.vrid === undefined)
    r.report(
      'config.vrid-missing',
      'error',
      `(${vi}) the virtual router id must be set`,
      d.at,
      'keepalived refuses to start.',
    );
  if (!inst.interface && !(inst.unicastSrcIp && inst.unicastPeers.length)) {
    r.report(
      'config.interface-missing',
      'error',
      `(${vi}) Unknown interface!`,
      d.at,
      'An instance needs `interface`, unless it is unicast with unicast_src_ip.',
    );
  }

  // Family and version (§6.3): IPv6 VIPs force VRRPv3.
  inst.family = inst.vips[0]?.family ?? (inst.unicastSrcIp?.includes(':') ? 'ipv6' : 'ipv4');
  inst.version = given.version ?? g.vrrpVersion;
  if (inst.family === 'ipv6' && inst.version === 2) {
    if (given.version === 2)
      r.report(
        'config.version-conflict',
        'warning',
        `vrrp_version 2 conflicts with configured or deduced version 3; ignoring.`,
        d.where.version ?? d.at,
      );
    inst.version = 3;
  }

  // State and priority (§2.3).
  if (inst.state === 'MASTER' && !inst.priorityGiven) inst.priority = 255;
  if (inst.priority === 255 && !d.where.state) inst.state = 'MASTER';
  if (strict && (inst.state === 'MASTER') !== (inst.priority === 255)) {
    r.report(
      'config.strict-state',
      'warning',
      `(${vi}) State MASTER must match being address owner`,
      d.where.state ?? d.at,
    );
    inst.state = inst.priority === 255 ? 'MASTER' : 'BACKUP';
  }

  completeInterval(d, r);
  completeAuth(d, strict, r);
  completePreempt(d, strict, r);

  if (inst.vips.length === 0) {
    if (inst.version === 3 || strict)
      r.report(
        'config.no-vip',
        'error',
        `(${vi}) No VIP specified; at least one is required`,
        d.at,
        'keepalived refuses to start.',
      );
    else r.report('config.no-vip', 'warning', `(${vi}) No VIP specified; at least one is sensible`, d.at);
  }
  if (strict && inst.unicastPeers.length)
    r.report(
      'config.strict-unicast',
      'error',
      `(${vi}) Unicast peers are not supported in strict mode`,
      d.at,
      'keepalived refuses to start.',
    );

  // An address owner ignores weights: weighted trackers are dropped (§4.2, lab).
  if (inst.priority === 255) {
    const drop = (what: string) => (t: TrackRef) => {
      if (t.weight === 0) return true;
      const msg = `(${vi}) ignoring tracked ${what} ${t.name} with weights due to address_owner`;
      r.report('config.track-weight-owner', 'warning', msg, t.at ?? d.at, 'Priority 255 never changes.');
      return false;
    };
    inst.trackScripts = inst.trackScripts.filter(drop('script'));
    inst.trackInterfaces = inst.trackInterfaces.filter(drop('interface'));
    for (const f of inst.trackFiles) f.weight = 0;
  }
  if (inst.interface) {
    inst.trackInterfaces = inst.trackInterfaces.filter((t) => {
      if (t.name !== inst.interface) return true;
      r.report(
        'config.track-interface-own',
        'warning',
        `Ignoring track_interface ${t.name} since own interface`,
        t.at ?? d.at,
      );
      return false;
    });
  }
}

/** §1.5: v2 rounds to whole seconds (≥ 1); v3 rounds to 10 ms and caps at 40.95 s. */
function completeInterval(d: InstanceDraft, r: Reporter): void {
  const inst = d.inst;
  const written = d.advertIntS;
  if (written === undefined) return;
  const us = Math.round(written * 1e6);
  const fmt = (written as number).toFixed(6);
  const at = d.where.advert_int ?? d.at;
  if (inst.version === 2) {
    let s = Math.floor((us + 500_000) / 1_000_000);
    if (us % 1_000_000 !== 0)
      r.report(
        'config.advert-int-rounded',
        'warning',
        `(${inst.name}) VRRPv2 advertisement interval ${fmt}s must be an integer. rounding`,
        at,
        `Using ${Math.max(s, 1)} s.`,
      );
    if (s < 1) s = 1;
    inst.advertIntervalCs = s * 100;
    return;
  }
  let cs = Math.floor((us + 5_000) / 10_000);
  if (us % 10_000 !== 0)
    r.report(
      'config.advert-int-rounded',
      'warning',
      `(${inst.name}) VRRPv3 advertisement interval ${fmt}s must be in units of 10ms - rounding`,
      at,
      `Using ${(Math.max(cs, 1) / 100).toFixed(2)} s.`,
    );
  if (cs >= 4096) {
    r.report(
      'config.advert-int-range',
      'warning',
      `(${inst.name}) VRRPv3 advertisement interval ${fmt}s is out of range. Must be less than 40.96s. Setting to 40.95s`,
      at,
    );
    cs = 4095;
  }
  inst.advertIntervalCs = Math.max(cs, 1);
}

/** §1.6: authentication is cleared for v3, strict mode, an empty password and AH over IPv6. */
function completeAuth(d: InstanceDraft, strict: boolean, r: Reporter): void {
  const inst = d.inst;
  if (!inst.authType) {
    inst.authPass = undefined;
    return;
  }
  const at = d.where.authentication ?? d.at;
  const clear = (code: string, message: string) => {
    r.report(code, 'warning', message, at, 'Authentication is not used.');
    inst.authType = undefined;
    inst.authPass = undefined;
  };
  if (inst.version === 3)
    return clear(
      'config.auth-v3',
      `(${inst.name}) VRRP version 3 does not support authentication. Ignoring.`,
    );
  if (strict)
    return clear(
      'config.auth-strict',
      `(${inst.name}) Strict mode does not support authentication. Ignoring.`,
    );
  if (!inst.authPass)
    return clear(
      'config.auth-empty',
      `(${inst.name}) Authentication requested but no password given. Ignoring.`,
    );
  if (inst.authType === 'AH' && inst.family === 'ipv6')
    return clear('config.auth-ah-ipv6', `(${inst.name}) Cannot use AH authentication with IPv6 - ignoring`);
  if (inst.authType === 'AH' && inst.state === 'MASTER' && inst.priority !== 255) {
    r.report(
      'config.auth-ah-master',
      'warning',
      `(${inst.name}) Initial state master is incompatible with AH authentication - clearing`,
      d.where.state ?? at,
      'The instance starts as BACKUP.',
    );
    inst.state = 'BACKUP';
  }
}

/** §3.2, §3.3 and §7.7: nopreempt and preempt_delay need an initial BACKUP state. */
function completePreempt(d: InstanceDraft, strict: boolean, r: Reporter): void {
  const inst = d.inst;
  const vi = inst.name;
  if (!inst.preempt && inst.state === 'MASTER') {
    r.report(
      'config.nopreempt-master',
      'warning',
      `(${vi}) Warning - nopreempt will not work with initial state MASTER - clearing`,
      d.where.nopreempt ?? d.at,
      'The instance preempts.',
    );
    inst.preempt = true;
  }
  if (!inst.preempt && inst.priority === 255) {
    r.report(
      'config.nopreempt-owner',
      'warning',
      `(${vi}) nopreempt is incompatible with priority 255. resetting nopreempt`,
      d.where.nopreempt ?? d.at,
    );
    inst.preempt = true;
  }
  if (inst.preemptDelayS > 0) {
    const at = d.where.preempt_delay ?? d.at;
    let why: string | undefined;
    if (inst.state === 'MASTER')
      why = `(${vi}) Warning - preempt delay will not work with initial state MASTER - clearing`;
    else if (!inst.preempt) why = `(${vi}) preempt_delay is incompatible with nopreempt mode - resetting`;
    else if (strict) why = `(${vi}) preempt_delay is incompatible with strict mode - resetting`;
    if (why) {
      r.report('config.preempt-delay-cleared', 'warning', why, at, 'No preempt delay is used.');
      inst.preemptDelayS = 0;
    }
  }
}

/** Cross-instance checks of `vrrp_complete_init()`: VRID clashes, sync groups, unused scripts. */
export function completeConfig(draft: ConfigDraft, r: Reporter): void {
  const seen = new Map<string, string>();
  for (const d of draft.instances) {
    const inst = d.inst;
    if (inst.vrid === undefined || !inst.interface || inst.unicastPeers.length) continue;
    const key = `${inst.interface}/${inst.family}/${inst.vrid}`;
    const other = seen.get(key);
    if (other) {
      const fam = inst.family === 'ipv4' ? 'IPv4' : 'IPv6';
      r.report(
        'config.vrid-duplicate',
        'error',
        `${other} and ${inst.name} both use VRID ${inst.vrid} with ${fam} on interface ${inst.interface}`,
        d.at,
        'keepalived refuses to start.',
      );
    } else seen.set(key, inst.name);
  }
  completeSyncGroups(draft, r);
  const used = new Set(
    [
      ...draft.instances.flatMap((d) => d.inst.trackScripts),
      ...draft.syncGroups.flatMap((sg) => sg.group.trackScripts),
    ].map((t) => t.name),
  );
  for (const s of draft.scripts) {
    if (!used.has(s.script.name))
      r.report(
        'config.script-unused',
        'warning',
        `Warning - script ${s.script.name} is not used`,
        s.script.at!,
      );
  }
  draft.scripts = draft.scripts.filter((s) => used.has(s.script.name));
  const firstScript = draft.scripts[0]?.script.at ?? draft.firstNotifyAt;
  if (firstScript && !draft.globalDefs.enableScriptSecurity) {
    r.report(
      'config.script-security',
      'warning',
      `SECURITY VIOLATION - scripts are being executed but script_security not enabled.`,
      firstScript,
      'Add enable_script_security to global_defs (keepalived still runs the scripts).',
    );
  }
}

function completeSyncGroups(draft: ConfigDraft, r: Reporter): void {
  const byName = new Map(draft.instances.map((d) => [d.inst.name, d]));
  for (const sg of draft.syncGroups) {
    const g = sg.group;
    const members: string[] = [];
    g.group.forEach((name, i) => {
      const d = byName.get(name);
      if (!d)
        return r.report(
          'config.sync-unknown-member',
          'warning',
          `Virtual router ${name} specified in sync group ${g.name} doesn't exist - ignoring`,
          sg.memberAt[i],
        );
      if (d.inst.syncGroup)
        return r.report(
          'config.sync-member-twice',
          'warning',
          `Virtual router ${name} cannot exist in more than one sync group; ignoring ${g.name}`,
          sg.memberAt[i],
        );
      if (members.includes(name)) return;
      d.inst.syncGroup = g.name;
      members.push(name);
    });
    g.group = members;
    if (members.length === 1)
      r.report(
        'config.sync-single-member',
        'warning',
        `Sync group ${g.name} has only 1 virtual router(s) - this probably isn't what you want`,
        g.at!,
      );
    if (members.length === 0)
      r.report(
        'config.sync-empty',
        'warning',
        `Sync group ${g.name} has no virtual router(s) - removing`,
        g.at!,
      );
    const ds = members.map((m) => byName.get(m)!);
    if (!sg.trackingWeight) {
      for (const d of ds) {
        d.inst.trackScripts = d.inst.trackScripts.filter((t) => {
          if (t.weight === 0) return true;
          r.report(
            'config.track-weight-sync',
            'warning',
            `(${d.inst.name}) ignoring tracked script ${t.name} with weights due to SYNC group`,
            t.at ?? d.at,
            'Inside a sync group a weighted check does nothing; set sync_group_tracking_weight to keep it.',
          );
          return false;
        });
        for (const t of d.inst.trackInterfaces) t.weight = 0;
      }
    }
    // §6.1: unless every member is an owner, `state MASTER` on members is treated as BACKUP.
    if (ds.some((d) => d.inst.priority !== 255)) for (const d of ds) d.inst.state = 'BACKUP';
  }
  draft.syncGroups = draft.syncGroups.filter((sg) => sg.group.group.length > 0);
}
