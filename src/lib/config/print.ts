/**
 * Model → keepalived.conf text. The output parses back to the same model (positions aside): it writes
 * the values keepalived would run with, explicitly where a default could otherwise be derived
 * differently (docs/vrrp-behaviour.md §2.3, §7).
 */
import { defaultGlobalDefs } from './draft';
import { quoteWord } from './lexer';
import type {
  GlobalDefs,
  KeepalivedConfig,
  TrackRef,
  VirtualAddress,
  VrrpInstance,
  VrrpScript,
  VrrpSyncGroup,
} from './model';

const word = quoteWord;

function block(head: string, lines: string[], indent = ''): string[] {
  return [`${indent}${head} {`, ...lines.map((l) => `${indent}  ${l}`), `${indent}}`];
}

const seconds = (s: number) => String(s);
const bool = (b: boolean) => (b ? 'true' : 'false');

function printGlobals(g: GlobalDefs): string[] {
  const d = defaultGlobalDefs();
  const out: string[] = [];
  if (g.routerId !== undefined) out.push(`router_id ${word(g.routerId)}`);
  if (g.vrrpVersion !== d.vrrpVersion) out.push(`vrrp_version ${g.vrrpVersion}`);
  if (g.vrrpMcastGroup4 !== d.vrrpMcastGroup4) out.push(`vrrp_mcast_group4 ${g.vrrpMcastGroup4}`);
  if (g.vrrpMcastGroup6 !== d.vrrpMcastGroup6) out.push(`vrrp_mcast_group6 ${g.vrrpMcastGroup6}`);
  if (g.vrrpStrict) out.push('vrrp_strict');
  if (g.scriptUser !== undefined) out.push(`script_user ${word(g.scriptUser)}`);
  if (g.enableScriptSecurity) out.push('enable_script_security');
  const ints: [keyof GlobalDefs, string][] = [
    ['vrrpGarpMasterDelayS', 'vrrp_garp_master_delay'],
    ['vrrpGarpMasterRepeat', 'vrrp_garp_master_repeat'],
    ['vrrpGarpMasterRefreshS', 'vrrp_garp_master_refresh'],
    ['vrrpGarpMasterRefreshRepeat', 'vrrp_garp_master_refresh_repeat'],
    ['vrrpDownTimerAdverts', 'vrrp_down_timer_adverts'],
    ['vrrpStartupDelayS', 'vrrp_startup_delay'],
  ];
  for (const [key, kw] of ints) if (g[key] !== d[key]) out.push(`${kw} ${g[key]}`);
  if (g.vrrpGarpIntervalUs !== d.vrrpGarpIntervalUs)
    out.push(`vrrp_garp_interval ${g.vrrpGarpIntervalUs / 1e6}`);
  if (g.vrrpGnaIntervalUs !== d.vrrpGnaIntervalUs) out.push(`vrrp_gna_interval ${g.vrrpGnaIntervalUs / 1e6}`);
  if (g.vrrpLowerPrioNoAdvert) out.push('vrrp_lower_prio_no_advert true');
  if (g.vrrpHigherPrioSendAdvert) out.push('vrrp_higher_prio_send_advert true');
  if (g.vrrpSkipCheckAdvAddr) out.push('vrrp_skip_check_adv_addr true');
  if (g.vrrpCheckUnicastSrc) out.push('vrrp_check_unicast_src');
  return out;
}

function printScript(s: VrrpScript): string[] {
  const lines = [`script ${word(s.script)}`, `interval ${seconds(s.intervalS)}`];
  if (s.timeoutS !== s.intervalS) lines.push(`timeout ${seconds(s.timeoutS)}`);
  if (s.weight !== 0 || s.weightReverse) lines.push(`weight ${s.weight}${s.weightReverse ? ' reverse' : ''}`);
  if (s.rise !== 1) lines.push(`rise ${s.rise}`);
  if (s.fall !== 1) lines.push(`fall ${s.fall}`);
  if (s.user !== undefined) lines.push(`user ${word(s.user)}`);
  if (s.initFail) lines.push('init_fail');
  return block(`vrrp_script ${word(s.name)}`, lines);
}

function vipLine(v: VirtualAddress): string {
  const parts = [`${v.address}/${v.prefix}`];
  if (v.brd !== undefined) parts.push(`brd ${v.brd}`);
  if (v.dev !== undefined) parts.push(`dev ${word(v.dev)}`);
  if (v.scope !== undefined) parts.push(`scope ${word(v.scope)}`);
  if (v.label !== undefined) parts.push(`label ${word(v.label)}`);
  if (v.noTrack) parts.push('no_track');
  return parts.join(' ');
}

function trackLine(t: TrackRef): string {
  return `${word(t.name)} weight ${t.weight}${t.reverse ? ' reverse' : ' noreverse'}`;
}

function notifyLines(notify: Record<string, string | undefined>): string[] {
  return Object.entries(notify).flatMap(([k, v]) => (v === undefined ? [] : [`${k} ${word(v)}`]));
}

function printInstance(i: VrrpInstance, g: GlobalDefs): string[] {
  const lines = [`state ${i.state}`];
  if (i.interface !== undefined) lines.push(`interface ${word(i.interface)}`);
  if (i.vrid !== undefined) lines.push(`virtual_router_id ${i.vrid}`);
  if (i.priorityGiven) lines.push(`priority ${i.priority}`);
  lines.push(`version ${i.version}`);
  if (i.advertIntervalCs !== 100) lines.push(`advert_int ${i.advertIntervalCs / 100}`);
  if (!i.preempt) lines.push('nopreempt');
  if (i.preemptDelayS) lines.push(`preempt_delay ${seconds(i.preemptDelayS)}`);
  if (i.vips.length) lines.push(...block('virtual_ipaddress', i.vips.map(vipLine)));
  if (i.excludedVips.length) lines.push(...block('virtual_ipaddress_excluded', i.excludedVips.map(vipLine)));
  if (i.trackScripts.length) lines.push(...block('track_script', i.trackScripts.map(trackLine)));
  if (i.trackInterfaces.length) lines.push(...block('track_interface', i.trackInterfaces.map(trackLine)));
  if (i.trackFiles.length) lines.push(...block('track_file', i.trackFiles.map(trackLine)));
  if (i.dontTrackPrimary) lines.push('dont_track_primary');
  if (i.authType)
    lines.push(
      ...block('authentication', [`auth_type ${i.authType}`, `auth_pass ${word(i.authPass ?? '')}`]),
    );
  if (i.unicastSrcIp) lines.push(`unicast_src_ip ${i.unicastSrcIp}`);
  if (i.unicastPeers.length) lines.push(...block('unicast_peer', i.unicastPeers));
  if (i.unicastTtl !== 255) lines.push(`unicast_ttl ${i.unicastTtl}`);
  if (i.mcastSrcIp) lines.push(`mcast_src_ip ${i.mcastSrcIp}`);
  if (i.mcastDstIp) lines.push(`mcast_dst_ip ${i.mcastDstIp}`);
  const garp: [number, number, string][] = [
    [i.garpMasterDelayS, g.vrrpGarpMasterDelayS, 'garp_master_delay'],
    [i.garpMasterRepeat, g.vrrpGarpMasterRepeat, 'garp_master_repeat'],
    [i.garpMasterRefreshS, g.vrrpGarpMasterRefreshS, 'garp_master_refresh'],
    [i.garpMasterRefreshRepeat, g.vrrpGarpMasterRefreshRepeat, 'garp_master_refresh_repeat'],
    [i.downTimerAdverts, g.vrrpDownTimerAdverts, 'down_timer_adverts'],
  ];
  for (const [v, dflt, kw] of garp) if (v !== dflt) lines.push(`${kw} ${v}`);
  if (i.useVmac)
    lines.push(['use_vmac', i.vmacName && word(i.vmacName), i.vmacMac].filter(Boolean).join(' '));
  if (i.vmacXmitBase) lines.push('vmac_xmit_base');
  if (i.strictMode !== g.vrrpStrict) lines.push(`strict_mode ${bool(i.strictMode)}`);
  if (i.lowerPrioNoAdvert !== g.vrrpLowerPrioNoAdvert)
    lines.push(`lower_prio_no_advert ${bool(i.lowerPrioNoAdvert)}`);
  if (i.higherPrioSendAdvert !== g.vrrpHigherPrioSendAdvert)
    lines.push(`higher_prio_send_advert ${bool(i.higherPrioSendAdvert)}`);
  if (i.skipCheckAdvAddr !== g.vrrpSkipCheckAdvAddr)
    lines.push(`skip_check_adv_addr ${bool(i.skipCheckAdvAddr)}`);
  lines.push(...notifyLines(i.notify));
  return block(`vrrp_instance ${word(i.name)}`, lines);
}

function printSyncGroup(sg: VrrpSyncGroup): string[] {
  const lines = block('group', sg.group.map(word));
  if (sg.trackScripts.length) lines.push(...block('track_script', sg.trackScripts.map(trackLine)));
  if (sg.trackInterfaces.length) lines.push(...block('track_interface', sg.trackInterfaces.map(trackLine)));
  if (sg.trackingWeight) lines.push('sync_group_tracking_weight');
  lines.push(...notifyLines(sg.notify));
  return block(`vrrp_sync_group ${word(sg.name)}`, lines);
}

/** Writes a model as keepalived.conf text (scripts before the instances that track them, §7.3). */
export function printConfig(config: KeepalivedConfig): string {
  const g = config.globalDefs;
  const sections: string[][] = [];
  const globals = printGlobals(g);
  if (globals.length) sections.push(block('global_defs', globals));
  for (const s of config.scripts) sections.push(printScript(s));
  for (const i of config.instances) sections.push(printInstance(i, g));
  for (const sg of config.syncGroups) sections.push(printSyncGroup(sg));
  for (const b of config.skipped) sections.push([b.text]);
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}
