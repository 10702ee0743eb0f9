/**
 * `global_defs` (docs/vrrp-behaviour.md §7.6) and `vrrp_script` (§4.1, §7.3) keyword handlers.
 */
import { canonicalIP } from '../net/address';
import type { GlobalDefs } from './model';
import type { ScriptDraft } from './draft';
import {
  dispatch,
  GLOBAL_UNMODELLED_BLOCKS,
  GLOBAL_UNMODELLED_VALUES,
  known,
  SCRIPT_UNMODELLED_VALUES,
} from './keywords';
import type { KeywordTable } from './keywords';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import { joinArgs, type Reporter } from './values';

/** Highest seconds value keepalived's timers accept (`TIMER_MAX_SEC`). */
const TIMER_MAX_S = 1000;
const INT_MAX = 2147483647;

export function readGlobalDefs(s: Stmt, g: GlobalDefs, r: Reporter): void {
  g.at ??= lineSpan(s);
  const intInto = (key: keyof GlobalDefs, min: number, max: number) => (st: Stmt) => {
    const t = r.arg(st);
    const v = t && r.int(t, min, max);
    if (v !== undefined) (g as unknown as Record<string, unknown>)[key] = v;
  };
  // A repeat count of 0 means once: keepalived says so and uses 1 (global_parser.c).
  const repeatInto = (key: 'vrrpGarpMasterRepeat' | 'vrrpGarpMasterRefreshRepeat') => (st: Stmt) => {
    const t = r.arg(st);
    const v = t && r.int(t, 0, INT_MAX);
    if (v === undefined) return;
    if (v === 0)
      r.report(
        'config.repeat-zero',
        'warning',
        `${st.keyword.text} must be greater than 0, setting to 1`,
        t!.at,
      );
    g[key] = Math.max(v, 1);
  };
  const boolInto = (key: keyof GlobalDefs) => (st: Stmt) => {
    const v = r.bool(st);
    if (v !== undefined) (g as unknown as Record<string, unknown>)[key] = v;
  };
  const mcast = (key: 'vrrpMcastGroup4' | 'vrrpMcastGroup6', family: 4 | 6) => (st: Stmt) => {
    const t = r.arg(st);
    if (!t) return;
    const ip = canonicalIP(t.text);
    if (!ip || ip.includes(':') !== (family === 6)) {
      r.report(
        'config.mcast-group-invalid',
        'warning',
        `${st.keyword.text} '${t.text}' is not a valid IPv${family} address - ignoring`,
        t.at,
      );
      return;
    }
    g[key] = ip;
  };
  const usInto = (key: 'vrrpGarpIntervalUs' | 'vrrpGnaIntervalUs') => (st: Stmt) => {
    const t = r.arg(st);
    const v = t && r.decimal(t, 0, TIMER_MAX_S);
    if (v !== undefined) g[key] = Math.round(v * 1e6);
  };
  const table: KeywordTable = {
    ...known(GLOBAL_UNMODELLED_VALUES, false),
    ...known(GLOBAL_UNMODELLED_BLOCKS, true),
    router_id: { block: false, handle: (st) => (g.routerId = r.arg(st)?.text ?? g.routerId) },
    vrrp_version: {
      block: false,
      handle: (st) => {
        const t = r.arg(st);
        if (!t) return;
        if (t.text === '2' || t.text === '3') g.vrrpVersion = Number(t.text) as 2 | 3;
        else
          r.report(
            'config.version-invalid',
            'warning',
            `Version must be either 2 or 3`,
            t.at,
            `Using ${g.vrrpVersion}.`,
          );
      },
    },
    vrrp_mcast_group4: { block: false, handle: mcast('vrrpMcastGroup4', 4) },
    vrrp_mcast_group6: { block: false, handle: mcast('vrrpMcastGroup6', 6) },
    vrrp_strict: { block: false, handle: () => (g.vrrpStrict = true) },
    script_user: { block: false, handle: (st) => (g.scriptUser = r.arg(st)?.text ?? g.scriptUser) },
    enable_script_security: { block: false, handle: () => (g.enableScriptSecurity = true) },
    vrrp_garp_master_delay: { block: false, handle: intInto('vrrpGarpMasterDelayS', 0, TIMER_MAX_S) },
    vrrp_garp_master_repeat: { block: false, handle: repeatInto('vrrpGarpMasterRepeat') },
    vrrp_garp_master_refresh: { block: false, handle: intInto('vrrpGarpMasterRefreshS', 0, TIMER_MAX_S) },
    vrrp_garp_master_refresh_repeat: { block: false, handle: repeatInto('vrrpGarpMasterRefreshRepeat') },
    vrrp_garp_interval: { block: false, handle: usInto('vrrpGarpIntervalUs') },
    vrrp_gna_interval: { block: false, handle: usInto('vrrpGnaIntervalUs') },
    vrrp_lower_prio_no_advert: { block: false, handle: boolInto('vrrpLowerPrioNoAdvert') },
    vrrp_higher_prio_send_advert: { block: false, handle: boolInto('vrrpHigherPrioSendAdvert') },
    vrrp_down_timer_adverts: { block: false, handle: intInto('vrrpDownTimerAdverts', 1, 100) },
    vrrp_skip_check_adv_addr: { block: false, handle: boolInto('vrrpSkipCheckAdvAddr') },
    vrrp_check_unicast_src: { block: false, handle: () => (g.vrrpCheckUnicastSrc = true) },
    vrrp_startup_delay: {
      block: false,
      handle: (st) => {
        const t = r.arg(st);
        const v = t && r.decimal(t, 0, TIMER_MAX_S);
        if (v !== undefined) g.vrrpStartupDelayS = v;
      },
    },
  };
  dispatch(s.block, table, r);
}

/** Reads a `vrrp_script NAME { … }` block; returns null when the block has no name. */
export function readScript(s: Stmt, r: Reporter): ScriptDraft | null {
  const name = s.args[0]?.text;
  if (!name) {
    r.report('config.script-no-name', 'warning', `vrrp_script must have a name - skipping`, lineSpan(s));
    return null;
  }
  const d: ScriptDraft = {
    script: {
      name,
      script: '',
      intervalS: 1,
      timeoutS: 1,
      weight: 0,
      weightReverse: false,
      rise: 1,
      fall: 1,
      initFail: false,
      at: lineSpan(s),
    },
    hasCommand: false,
    timeoutGiven: false,
  };
  const sc = d.script;
  const seconds = (st: Stmt, what: string, apply: (v: number) => void) => {
    const t = r.arg(st);
    if (!t) return;
    const v = r.decimal(t, 0, TIMER_MAX_S);
    if (v === undefined)
      return r.report(
        `config.script-${what}-invalid`,
        'warning',
        what === 'interval'
          ? `(${name}): vrrp script interval '${t.text}' must be between 1 and 4294 - ignoring`
          : `(${name}): vrrp script ${what} '${t.text}' invalid - ignoring`,
        t.at,
      );
    if (v === 0) {
      r.report(
        `config.script-${what}-invalid`,
        'warning',
        `(${name}): vrrp script ${what} must be greater than 0, setting to 1`,
        t.at,
      );
      apply(1);
    } else apply(v);
  };
  const riseFall = (which: 'rise' | 'fall') => (st: Stmt) => {
    const t = r.arg(st);
    if (!t) return;
    const v = r.int(t, 1, INT_MAX);
    sc[which] = v ?? 1;
    if (v === undefined) {
      const msg = `(${name}): vrrp script ${which} value '${t.text}' invalid, defaulting to 1`;
      r.report(`config.script-${which}-invalid`, 'warning', msg, t.at);
    }
  };
  const table: KeywordTable = {
    ...known(SCRIPT_UNMODELLED_VALUES, false),
    script: {
      block: false,
      handle: (st) => {
        if (!st.args.length) return void r.arg(st);
        sc.script = joinArgs(st);
        d.hasCommand = true;
      },
    },
    interval: { block: false, handle: (st) => seconds(st, 'interval', (v) => (sc.intervalS = v)) },
    timeout: {
      block: false,
      handle: (st) =>
        seconds(st, 'timeout', (v) => {
          sc.timeoutS = v;
          d.timeoutGiven = true;
        }),
    },
    weight: {
      block: false,
      handle: (st) => {
        const t = r.arg(st);
        if (!t) return;
        const v = r.int(t, -253, 253);
        if (v === undefined) {
          r.report(
            'config.script-weight-range',
            'warning',
            `vrrp_script ${name} weight ${t.text} must be in [-253, 253]`,
            t.at,
            `vrrpscope keeps weight ${sc.weight}.`,
          );
          return;
        }
        sc.weight = v;
        const dir = st.args[1]?.text;
        if (dir === 'reverse') sc.weightReverse = true;
        else if (dir !== undefined && dir !== 'noreverse')
          r.report('config.unknown-keyword', 'warning', `Unknown keyword '${dir}'`, st.args[1].at);
      },
    },
    rise: { block: false, handle: riseFall('rise') },
    fall: { block: false, handle: riseFall('fall') },
    user: { block: false, handle: (st) => (sc.user = r.arg(st)?.text) },
    init_fail: { block: false, handle: () => (sc.initFail = true) },
  };
  dispatch(s.block, table, r);
  if (!d.timeoutGiven) sc.timeoutS = sc.intervalS;
  return d;
}
