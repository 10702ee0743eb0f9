/**
 * `vrrp_instance` keyword handlers (docs/vrrp-behaviour.md §7.4). They record what was written, with
 * keepalived's parse-time messages; defaults and cross-keyword corrections happen in complete.ts.
 */
import type { ScriptDraft, InstanceDraft } from './draft';
import { newInstance } from './draft';
import {
  dispatch,
  INSTANCE_UNMODELLED_BLOCKS,
  INSTANCE_UNMODELLED_VALUES,
  known,
  notifyHandlers,
} from './keywords';
import type { KeywordTable } from './keywords';
import type { TrackRef, VrrpInstance } from './model';
import { readTrackRef, readTrackScripts } from './items';
import { addressHandlers } from './instance-addresses';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

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

/** Reads one `vrrp_instance NAME { … }` block. `scripts` holds the vrrp_scripts defined so far (§7.3). */
export function readInstance(
  s: Stmt,
  r: Reporter,
  scripts: Map<string, ScriptDraft>,
  onNotify: (s: Stmt) => void,
): InstanceDraft {
  const nameTok = s.args[0];
  const at = lineSpan(s);
  const d: InstanceDraft = {
    inst: newInstance(nameTok.text, at),
    given: {},
    at,
    where: {},
    unicastTtlGiven: false,
    closeAt: s.close?.at,
  };
  const inst = d.inst;
  const vi = inst.name;
  const g = d.given;
  const here = (key: keyof InstanceDraft['where'], st: Stmt) => (d.where[key] = lineSpan(st));
  const boolInto =
    (key: 'lowerPrioNoAdvert' | 'higherPrioSendAdvert' | 'skipCheckAdvAddr' | 'strictMode') => (st: Stmt) => {
      const v = r.bool(st, vi);
      if (v !== undefined) g[key] = v;
    };
  const intGiven =
    (
      key:
        | 'garpMasterDelayS'
        | 'garpMasterRepeat'
        | 'garpMasterRefreshS'
        | 'garpMasterRefreshRepeat'
        | 'downTimerAdverts',
      min: number,
      max: number,
    ) =>
    (st: Stmt) => {
      const t = r.arg(st);
      const v = t && r.int(t, min, max);
      if (v !== undefined) g[key] = v;
    };
  const trackScripts = (st: Stmt) => {
    for (const ref of readTrackScripts(st, r, vi, scripts)) addTrack(inst.trackScripts, ref, 'track_script');
  };
  const addTrack = (list: TrackRef[], ref: TrackRef, what: string) => {
    if (list.some((x) => x.name === ref.name))
      r.report(
        'config.track-duplicate',
        'warning',
        `(${vi}) duplicate ${what} ${ref.name} - ignoring`,
        ref.at!,
      );
    else list.push(ref);
  };
  const table: KeywordTable = {
    ...addressHandlers(d, r),
    ...known(INSTANCE_UNMODELLED_VALUES, false),
    ...known(INSTANCE_UNMODELLED_BLOCKS, true),
    state: { block: false, handle: (st) => readState(st, inst, d, r) },
    interface: {
      block: false,
      handle: (st) => {
        const t = r.arg(st);
        if (!t) return;
        if (t.text === 'lo')
          r.report(
            'config.interface-loopback',
            'warning',
            `cannot use a loopback interface (lo) for vrrp - ignoring`,
            t.at,
          );
        else if (t.text.length > MAX_IFNAME_CHARS)
          r.report(
            'config.interface-name-long',
            'warning',
            `Interface name '${t.text}' too long - ignoring`,
            t.at,
          );
        else inst.interface = t.text;
      },
    },
    virtual_router_id: {
      block: false,
      handle: (st) => {
        const t = r.arg(st);
        if (!t) return;
        const v = r.int(t, 1, 255);
        if (v === undefined)
          r.report(
            'config.vrid-invalid',
            'warning',
            `(${vi}): VRID '${t.text}' not valid - must be between 1 & 255`,
            t.at,
          );
        else inst.vrid = v;
      },
    },
    priority: {
      block: false,
      handle: (st) => {
        here('priority', st);
        const t = r.arg(st);
        if (!t) return;
        inst.priorityGiven = true;
        const v = r.int(t, 1, 255);
        if (v === undefined) {
          r.report(
            'config.priority-invalid',
            'warning',
            `(${vi}) Priority not valid! must be between 1 & 255. Using default 100`,
            t.at,
          );
          inst.priority = 100;
        } else inst.priority = v;
      },
    },
    advert_int: {
      block: false,
      handle: (st) => {
        here('advert_int', st);
        const t = r.arg(st);
        if (!t) return;
        const v = r.decimal(t, 0.01, 255);
        if (v === undefined)
          r.report(
            'config.advert-int-invalid',
            'warning',
            `(${vi}) Advert interval (${t.text}) not valid! Must be > 0 - ignoring`,
            t.at,
            'Using 1 s.',
          );
        else d.advertIntS = v;
      },
    },
    version: {
      block: false,
      handle: (st) => {
        here('version', st);
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
      },
    },
    nopreempt: {
      block: false,
      handle: (st) => {
        here('nopreempt', st);
        inst.preempt = false;
      },
    },
    preempt: { block: false, handle: () => (inst.preempt = true) },
    preempt_delay: {
      block: false,
      handle: (st) => {
        here('preempt_delay', st);
        const t = r.arg(st);
        const v = t && r.decimal(t, 0, 1000);
        if (v !== undefined) inst.preemptDelayS = v;
      },
    },
    track_script: { block: true, handle: trackScripts },
    track_interface: {
      block: true,
      handle: (st) => {
        for (const item of st.block ?? [])
          addTrack(inst.trackInterfaces, readTrackRef(item, r, vi).ref, 'track_interface');
      },
    },
    track_file: {
      block: true,
      handle: (st) => {
        for (const item of st.block ?? []) {
          const { ref, weightGiven } = readTrackRef(item, r, vi, true);
          if (!weightGiven) ref.weight = 1;
          addTrack(inst.trackFiles, ref, 'track_file');
        }
      },
    },
    dont_track_primary: { block: false, handle: () => (inst.dontTrackPrimary = true) },
    garp_master_delay: { block: false, handle: intGiven('garpMasterDelayS', 0, 1000) },
    garp_master_repeat: { block: false, handle: intGiven('garpMasterRepeat', 0, 2147483647) },
    garp_master_refresh: { block: false, handle: intGiven('garpMasterRefreshS', 0, 1000) },
    garp_master_refresh_repeat: { block: false, handle: intGiven('garpMasterRefreshRepeat', 0, 2147483647) },
    use_vmac: {
      block: false,
      handle: (st) => {
        inst.useVmac = true;
        for (const t of st.args) {
          if (/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(t.text)) inst.vmacMac = t.text.toLowerCase();
          else inst.vmacName = t.text;
        }
      },
    },
    vmac_xmit_base: { block: false, handle: () => (inst.vmacXmitBase = true) },
    lower_prio_no_advert: { block: false, handle: boolInto('lowerPrioNoAdvert') },
    higher_prio_send_advert: { block: false, handle: boolInto('higherPrioSendAdvert') },
    down_timer_adverts: { block: false, handle: intGiven('downTimerAdverts', 1, 100) },
    skip_check_adv_addr: { block: false, handle: boolInto('skipCheckAdvAddr') },
    strict_mode: { block: false, handle: boolInto('strictMode') },
  };
  Object.assign(table, notifyHandlers(NOTIFY_KEYWORDS, inst.notify, vi, r, onNotify));
  dispatch(s.block, table, r);
  return d;
}

function readState(st: Stmt, inst: VrrpInstance, d: InstanceDraft, r: Reporter): void {
  const t = r.arg(st);
  if (!t) return;
  const vi = inst.name;
  if (t.text !== 'MASTER' && t.text !== 'BACKUP') {
    r.report(
      'config.state-unknown',
      'warning',
      `(${vi}) unknown state '${t.text}', defaulting to BACKUP`,
      t.at,
      'State names are case-sensitive: MASTER or BACKUP.',
    );
    return;
  }
  if (t.text === 'BACKUP' && d.where.state && inst.state === 'MASTER') {
    r.report(
      'config.state-backup-after-master',
      'warning',
      `(${vi}) state previously set as MASTER - ignoring BACKUP`,
      t.at,
    );
    return;
  }
  inst.state = t.text;
  d.where.state = lineSpan(st);
}
