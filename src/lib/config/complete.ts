/**
 * keepalived 2.2.7's completion step (`vrrp.c:vrrp_complete_instance()`, `vrrp_complete_init()`):
 * defaults from global_defs, the derived state and priority (docs/vrrp-behaviour.md §2.3), interval
 * rounding (§1.5), and the corrections and refusals of §7.7. Errors here are the ones keepalived refuses
 * to start with; everything else is a warning that says what value is used instead.
 */
import type { ConfigDraft, InstanceDraft } from './draft';
import type { GlobalDefs, TrackRef } from './model';
import type { Reporter } from './values';
import { completeAuth, completeInterval, completePreempt } from './complete-rules';

/**
 * Completes one instance. `syncTrackingWeight` is undefined when the instance is in no sync group, else
 * whether its group keeps weights (`sync_group_tracking_weight`).
 */
export function completeInstance(
  d: InstanceDraft,
  g: GlobalDefs,
  r: Reporter,
  syncTrackingWeight?: boolean,
): void {
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
      `(${vi}): Cannot use unicast_ttl without unicast peers - resetting`,
      d.closeAt ?? d.where.unicast_ttl ?? d.at,
      'keepalived then sends with TTL 0: no advert ever leaves the host (§8).',
    );
    inst.unicastTtl = 0;
  } else if (d.where.unicast_src_ip && inst.unicastPeers.length === 0) {
    r.report(
      'config.unicast-no-peers',
      'warning',
      `(${vi}) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.`,
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
        'config.version-ipv6',
        'info',
        `(${vi}) IPv6 instances use VRRPv3: version 2 is not used`,
        d.where.version ?? d.at,
        'keepalived 2.2.7 prints nothing here (§6.3: IPv6 instances always use v3).',
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
  if (inst.interface) {
    inst.trackInterfaces = inst.trackInterfaces.filter((t) => {
      if (t.name !== inst.interface) return true;
      r.report(
        'config.track-interface-own',
        'warning',
        `(${vi}) Ignoring track_interface ${t.name} since own interface`,
        t.at ?? d.at,
      );
      return false;
    });
  }
  // Sync-group members lose weighted scripts first, then owners (§4.2, lab order).
  if (syncTrackingWeight === false) {
    inst.trackScripts = inst.trackScripts.filter((t) => {
      if (t.weight === 0) return true;
      const msg = `(${vi}) ignoring tracked script ${t.name} with weights due to SYNC group`;
      const hint =
        'Inside a sync group a weighted check does nothing; set sync_group_tracking_weight to keep it.';
      r.report('config.track-weight-sync', 'warning', msg, t.at ?? d.at, hint);
      return false;
    });
    for (const t of inst.trackInterfaces) t.weight = 0;
  }
  if (inst.priority === 255) {
    const drop = (what: 'script' | 'interface') => (t: TrackRef) => {
      if (t.weight === 0) return true;
      const msg =
        what === 'script'
          ? `(${vi}) ignoring tracked script ${t.name} with weights due to address_owner`
          : `(${vi}) ignoring ${t.name} tracked interface due to address owner`;
      r.report('config.track-weight-owner', 'warning', msg, t.at ?? d.at, 'Priority 255 never changes.');
      return false;
    };
    inst.trackScripts = inst.trackScripts.filter(drop('script'));
    inst.trackInterfaces = inst.trackInterfaces.filter(drop('interface'));
    for (const f of inst.trackFiles) f.weight = 0;
  }
}

/** Cross-instance checks of `vrrp_complete_init()`: VRID clashes, sync groups, unused scripts. */
/**
 * `used`: the names of the scripts some track_script block names, before completion dropped any (a
 * weighted script of an owner or a sync-group member): keepalived calls none of those unused.
 */
export function completeConfig(draft: ConfigDraft, r: Reporter, used: ReadonlySet<string>): void {
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
  for (const s of draft.scripts) {
    if (!used.has(s.script.name))
      r.report(
        'config.script-unused',
        'warning',
        `Warning - script ${s.script.name} is not used`,
        s.script.at!,
      );
  }
  // keepalived runs every script a track_script names, even one it then drops from all of them.
  const firstScript = draft.scripts.find((s) => used.has(s.script.name))?.script.at ?? draft.firstNotifyAt;
  // The model keeps the scripts that still change something, so that it prints and reads back the same.
  const effective = new Set(
    [
      ...draft.instances.flatMap((d) => d.inst.trackScripts),
      ...draft.syncGroups.flatMap((sg) => sg.group.trackScripts),
    ].map((t) => t.name),
  );
  draft.scripts = draft.scripts.filter((s) => effective.has(s.script.name));
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

/** Resolves sync group members before the instances are completed (keepalived's message order). */
export function resolveSyncGroups(draft: ConfigDraft, r: Reporter): void {
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
        sg.memberAt.length
          ? `Sync group ${g.name}, no matching virtual router found in group declaration - removing`
          : `Sync group ${g.name} has no virtual router(s). removing`,
        g.at!,
      );
  }
  draft.syncGroups = draft.syncGroups.filter((sg) => sg.group.group.length > 0);
}
