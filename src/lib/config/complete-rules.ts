/**
 * Single-keyword completion rules of `vrrp.c:vrrp_complete_instance()`: advert_int rounding (§1.5),
 * authentication clearing (§1.6), and preemption corrections (§3.2, §3.3, §7.7).
 */
import type { InstanceDraft } from './draft';
import type { Reporter } from './values';
import { US_PER_S } from '../trace/time';

/** §1.5: the interval keepalived keeps for `seconds`: v2 whole seconds ≥ 1, v3 10 ms steps within 0.01..40.95 s. */
export function advertIntervalCs(version: 2 | 3, seconds: number): number {
  const us = Math.round(seconds * US_PER_S);
  if (version === 2) return Math.max(1, Math.floor((us + 500_000) / 1_000_000)) * 100;
  return Math.min(4095, Math.max(1, Math.floor((us + 5_000) / 10_000)));
}

/** §1.5: v2 rounds to whole seconds (≥ 1); v3 rounds to 10 ms and caps at 40.95 s. */
export function completeInterval(d: InstanceDraft, r: Reporter): void {
  const inst = d.inst;
  const written = d.advertIntS;
  if (written === undefined) return;
  const us = Math.round(written * 1e6);
  const fmt = (written as number).toFixed(6);
  const at = d.where.advert_int ?? d.at;
  if (inst.version === 2) {
    const s = Math.floor((us + 500_000) / 1_000_000);
    if (us % 1_000_000 !== 0)
      r.report(
        'config.advert-int-rounded',
        'warning',
        `(${inst.name}) VRRPv2 advertisement interval ${fmt}s must be an integer. rounding`,
        at,
        `Using ${Math.max(s, 1)} s.`,
      );
    inst.advertIntervalCs = advertIntervalCs(2, written);
    return;
  }
  const cs = Math.floor((us + 5_000) / 10_000);
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
      `(${inst.name}) VRRPv3 advertisement interval ${written.toFixed(2)}s is out of range. Must be less than 40.96s. Setting to 40.95s`,
      at,
    );
  }
  inst.advertIntervalCs = advertIntervalCs(3, written);
}

/** §1.6: authentication is cleared for v3, strict mode, an empty password and AH over IPv6. */
export function completeAuth(d: InstanceDraft, strict: boolean, r: Reporter): void {
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
      `(${inst.name}) Authentication specified but no password given. Ignoring`,
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
export function completePreempt(d: InstanceDraft, strict: boolean, r: Reporter): void {
  const inst = d.inst;
  const vi = inst.name;
  if (!inst.preempt && inst.priority === 255) {
    r.report(
      'config.nopreempt-owner',
      'warning',
      `(${vi}) nopreempt is incompatible with priority 255. resetting nopreempt`,
      d.where.nopreempt ?? d.at,
    );
    inst.preempt = true;
  }
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
