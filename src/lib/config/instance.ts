/**
 * `vrrp_instance` keyword handlers (docs/vrrp-behaviour.md §7.4). They record what was written, with
 * keepalived's parse-time messages; defaults and cross-keyword corrections happen in complete.ts.
 * The table is built once; each handler gets the context of the block being read.
 */
import type { InstanceCtx, InstanceDraft, ScriptDraft } from './draft';
import { here, newInstance } from './draft';
import { ADDRESS_KEYWORDS } from './instance-addresses';
import { readTrackRef, readTrackScripts } from './items';
import {
  dispatch,
  INSTANCE_UNMODELLED_BLOCKS,
  INSTANCE_UNMODELLED_VALUES,
  known,
  notifyHandlers,
} from './keywords';
import type { KeywordTable } from './keywords';
import type { InstanceOverrides } from './draft';
import type { TrackRef } from './model';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import { checkRoutes, checkRules } from './routes';

const NOTIFY_KEYWORDS = [
  'notify',
  'notify_master',
  'notify_backup',
  'notify_fault',
  'notify_stop',
  'notify_master_rx_lower_pri',
] as const;
/** Linux IFNAMSIZ − 1. */
const MAX_IFNAME_CHARS = 15;
const INT_MAX = 2147483647;

type Table = KeywordTable<InstanceCtx>;

function boolInto(key: 'lowerPrioNoAdvert' | 'higherPrioSendAdvert' | 'skipCheckAdvAddr' | 'strictMode') {
  return (st: Stmt, c: InstanceCtx) => {
    const v = c.r.bool(st, c.vi);
    if (v !== undefined) c.d.given[key] = v;
  };
}

type IntOverride = keyof Pick<
  InstanceOverrides,
  | 'garpMasterDelayS'
  | 'garpMasterRepeat'
  | 'garpMasterRefreshS'
  | 'garpMasterRefreshRepeat'
  | 'downTimerAdverts'
>;

/**
 * An integer keyword; when keepalived refuses the value, its own follow-up message (`invalid`: the
 * text after the value) says that the line is ignored.
 */
function intInto(key: IntOverride, min: number, max: number, invalid = 'invalid - ignoring') {
  return (st: Stmt, c: InstanceCtx) => {
    const t = c.r.arg(st);
    if (!t) return;
    const v = c.r.int(t, min, max);
    if (v !== undefined) c.d.given[key] = v;
    else
      c.r.report(
        'config.value-invalid',
        'warning',
        `(${c.vi}): ${st.keyword.text} '${t.text}' ${invalid}`,
        t.at,
      );
  };
}

/** A repeat count: keepalived reads 0 as "at least once" and says so (vrrp_parser.c). */
function repeatInto(key: 'garpMasterRepeat' | 'garpMasterRefreshRepeat') {
  return (st: Stmt, c: InstanceCtx) => {
    const t = c.r.arg(st);
    if (!t) return;
    const v = c.r.int(t, 0, INT_MAX);
    if (v === undefined)
      return c.r.report(
        'config.value-invalid',
        'warning',
        `(${c.vi}): ${st.keyword.text} '${t.text}' invalid - ignoring`,
        t.at,
      );
    if (v === 0)
      c.r.report(
        'config.repeat-zero',
        'warning',
        `(${c.vi}): ${st.keyword.text} must be greater than 0, setting to 1`,
        t.at,
      );
    c.d.given[key] = Math.max(v, 1);
  };
}

function addTrack(c: InstanceCtx, list: TrackRef[], ref: TrackRef, what: string): void {
  if (!list.some((x) => x.name === ref.name)) list.push(ref);
  else
    c.r.report(
      'config.track-duplicate',
      'warning',
      `(${c.vi}) duplicate ${what} ${ref.name} - ignoring`,
      ref.at!,
    );
}

function readState(st: Stmt, c: InstanceCtx): void {
  const { r, inst, vi } = c;
  const t = r.arg(st);
  if (!t) return;
  if (t.text !== 'MASTER' && t.text !== 'BACKUP') {
    const msg = `(${vi}) unknown state '${t.text}', defaulting to BACKUP`;
    return r.report(
      'config.state-unknown',
      'warning',
      msg,
      t.at,
      'State names are case-sensitive: MASTER or BACKUP.',
    );
  }
  if (t.text === 'BACKUP' && c.d.where.state && inst.state === 'MASTER') {
    const msg = `(${vi}) state previously set as MASTER - ignoring BACKUP`;
    return r.report('config.state-backup-after-master', 'warning', msg, t.at);
  }
  inst.state = t.text;
  here(c, 'state', st);
}

function readInterface(st: Stmt, { r, inst }: InstanceCtx): void {
  const t = r.arg(st);
  if (!t) return;
  if (t.text === 'lo') {
    const msg = `cannot use a loopback interface (lo) for vrrp - ignoring`;
    r.report('config.interface-loopback', 'warning', msg, t.at);
  } else if (t.text.length > MAX_IFNAME_CHARS) {
    r.report('config.interface-name-long', 'warning', `Interface name '${t.text}' too long - ignoring`, t.at);
  } else inst.interface = t.text;
}

function readVrid(st: Stmt, { r, inst, vi }: InstanceCtx): void {
  const t = r.arg(st);
  if (!t) return;
  const v = r.int(t, 1, 255);
  if (v !== undefined) inst.vrid = v;
  else
    r.report(
      'config.vrid-invalid',
      'warning',
      `(${vi}): VRID '${t.text}' not valid - must be between 1 & 255`,
      t.at,
    );
}

function readPriority(st: Stmt, c: InstanceCtx): void {
  const { r, inst, vi } = c;
  here(c, 'priority', st);
  const t = r.arg(st);
  if (!t) return;
  inst.priorityGiven = true;
  const v = r.int(t, 1, 255);
  inst.priority = v ?? 100;
  if (v === undefined) {
    const msg = `(${vi}) Priority not valid! must be between 1 & 255. Using default 100`;
    r.report('config.priority-invalid', 'warning', msg, t.at);
  }
}

function readAdvertInt(st: Stmt, c: InstanceCtx): void {
  const { r, vi } = c;
  here(c, 'advert_int', st);
  const t = r.arg(st);
  if (!t) return;
  const v = r.decimal(t, 0.01, 255);
  if (v !== undefined) c.d.advertIntS = v;
  else {
    const msg = `(${vi}) Advert interval (${t.text}) not valid! Must be > 0 - ignoring`;
    r.report('config.advert-int-invalid', 'warning', msg, t.at, 'Using 1 s.');
  }
}

function readVersion(st: Stmt, c: InstanceCtx): void {
  const { r, inst, vi } = c;
  const g = c.d.given;
  here(c, 'version', st);
  const t = r.arg(st);
  if (!t) return;
  if (t.text !== '2' && t.text !== '3')
    return r.report('config.version-invalid', 'warning', `Version must be either 2 or 3`, t.at);
  const v = Number(t.text) as 2 | 3;
  const ipv6 = inst.vips[0]?.family === 'ipv6';
  if ((g.version !== undefined && g.version !== v) || (ipv6 && v === 2)) {
    // keepalived 2.2.7 prints the version it has stored so far: 0 when it was only deduced from IPv6.
    const msg = `(${vi}) vrrp_version ${v} conflicts with configured or deduced version ${g.version ?? 0}; ignoring.`;
    r.report('config.version-conflict', 'warning', msg, t.at, `Using version ${g.version ?? 3}.`);
  } else g.version = v;
}

function readUseVmac(st: Stmt, { inst }: InstanceCtx): void {
  inst.useVmac = true;
  for (const t of st.args) {
    if (/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(t.text)) inst.vmacMac = t.text.toLowerCase();
    else inst.vmacName = t.text;
  }
}

const INSTANCE_KEYWORDS: Table = {
  ...ADDRESS_KEYWORDS,
  ...known<InstanceCtx>(INSTANCE_UNMODELLED_VALUES, false),
  ...known<InstanceCtx>(INSTANCE_UNMODELLED_BLOCKS, true),
  ...notifyHandlers<InstanceCtx>(NOTIFY_KEYWORDS, (c) => ({
    notify: c.inst.notify,
    owner: c.vi,
    r: c.r,
    onNotify: c.onNotify,
  })),
  state: { block: false, handle: readState },
  interface: { block: false, handle: readInterface },
  virtual_router_id: { block: false, handle: readVrid },
  priority: { block: false, handle: readPriority },
  advert_int: { block: false, handle: readAdvertInt },
  version: { block: false, handle: readVersion },
  nopreempt: {
    block: false,
    handle: (st, c) => {
      here(c, 'nopreempt', st);
      c.inst.preempt = false;
    },
  },
  preempt: { block: false, handle: (_st, c) => void (c.inst.preempt = true) },
  preempt_delay: {
    block: false,
    handle: (st, c) => {
      here(c, 'preempt_delay', st);
      const t = c.r.arg(st);
      if (!t) return;
      const v = c.r.decimal(t, 0, 1000);
      if (v !== undefined) c.inst.preemptDelayS = v;
      else
        c.r.report(
          'config.preempt-delay-invalid',
          'warning',
          `(${c.vi}) Preempt_delay not valid! must be between 0-1000`,
          t.at,
        );
    },
  },
  track_script: {
    block: true,
    handle: (st, c) => {
      for (const ref of readTrackScripts(st, c.r, c.vi, c.scripts))
        addTrack(c, c.inst.trackScripts, ref, 'track_script');
    },
  },
  track_interface: {
    block: true,
    handle: (st, c) => {
      for (const item of st.block ?? [])
        addTrack(c, c.inst.trackInterfaces, readTrackRef(item, c.r, c.vi).ref, 'track_interface');
    },
  },
  track_file: {
    block: true,
    handle: (st, c) => {
      for (const item of st.block ?? []) {
        const { ref, weightGiven } = readTrackRef(item, c.r, c.vi, true);
        if (!weightGiven) ref.weight = 1;
        addTrack(c, c.inst.trackFiles, ref, 'track_file');
      }
    },
  },
  dont_track_primary: { block: false, handle: (_st, c) => void (c.inst.dontTrackPrimary = true) },
  garp_master_delay: { block: false, handle: intInto('garpMasterDelayS', 0, 1000) },
  garp_master_repeat: { block: false, handle: repeatInto('garpMasterRepeat') },
  garp_master_refresh: { block: false, handle: intInto('garpMasterRefreshS', 0, 1000) },
  garp_master_refresh_repeat: { block: false, handle: repeatInto('garpMasterRefreshRepeat') },
  use_vmac: { block: false, handle: readUseVmac },
  vmac_xmit_base: { block: false, handle: (_st, c) => void (c.inst.vmacXmitBase = true) },
  lower_prio_no_advert: { block: false, handle: boolInto('lowerPrioNoAdvert') },
  higher_prio_send_advert: { block: false, handle: boolInto('higherPrioSendAdvert') },
  down_timer_adverts: {
    block: false,
    handle: (st, c) => {
      const t = c.r.arg(st);
      if (!t) return;
      const v = c.r.int(t, 1, 100);
      if (v !== undefined) c.d.given.downTimerAdverts = v;
      else
        c.r.report(
          'config.value-invalid',
          'warning',
          `(${c.vi}): Invalid down_timer_adverts [1:100] '${t.text}'`,
          t.at,
        );
    },
  },
  // Not modelled (vrrpscope installs no route or rule), but checked for keepalived's messages.
  virtual_routes: { block: true, handle: (st, c) => checkRoutes(st.block, c.r) },
  virtual_rules: { block: true, handle: (st, c) => checkRules(st.block, c.r) },
  lvs_sync_daemon_interface: {
    block: false,
    handle: (st, c) =>
      c.r.report(
        'config.deprecated',
        'warning',
        `(${c.vi}) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.`,
        lineSpan(st),
        'Please use global lvs_sync_daemon.',
      ),
  },
  skip_check_adv_addr: { block: false, handle: boolInto('skipCheckAdvAddr') },
  strict_mode: { block: false, handle: boolInto('strictMode') },
};

/** Reads one `vrrp_instance NAME { … }` block. `scripts` holds the vrrp_scripts defined so far (§7.3). */
export function readInstance(
  s: Stmt,
  r: InstanceCtx['r'],
  scripts: Map<string, ScriptDraft>,
  onNotify: (s: Stmt) => void,
): InstanceDraft {
  const at = lineSpan(s);
  const inst = newInstance(s.args[0].text, at);
  const d: InstanceDraft = { inst, given: {}, at, where: {}, unicastTtlGiven: false, closeAt: s.close?.at };
  dispatch(s.block, INSTANCE_KEYWORDS, r, { d, inst, vi: inst.name, r, scripts, onNotify });
  return d;
}
