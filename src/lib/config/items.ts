/**
 * Items of value blocks inside `vrrp_instance` and `vrrp_sync_group` (docs/vrrp-behaviour.md §7.1: one
 * item per line, the first word is the item and the rest its options): virtual addresses, track
 * references, unicast peers.
 */
import { parseCidr } from '../net/address';
import type { ScriptDraft } from './draft';
import type { TrackRef, VirtualAddress } from './model';
import type { Stmt } from './tree';
import { lineSpan } from './tree';
import type { Reporter } from './values';

/** VIP options that take a value (`vrrp_ipaddress.c:parse_ipaddress()`); the rest are flags. */
const VIP_VALUE_OPTIONS = new Set([
  'brd',
  'broadcast',
  'dev',
  'scope',
  'label',
  'peer',
  'preferred_lft',
  'track_group',
]);
const VIP_FLAGS = new Set([
  'home',
  '-nodad',
  'nodad',
  'mngtmpaddr',
  'noprefixroute',
  'autojoin',
  'no_track',
  'use_vmac',
]);

/** Parses one `virtual_ipaddress` line; reports and returns null for an address keepalived skips. */
export function readVip(s: Stmt, r: Reporter): VirtualAddress | null {
  const cidr = parseCidr(s.keyword.text);
  if (!cidr) {
    r.report(
      'config.vip-invalid',
      'warning',
      `VRRP parsed invalid IP ${s.keyword.text}. skipping IP...`,
      s.keyword.at,
    );
    return null;
  }
  const vip: VirtualAddress = {
    address: cidr.address,
    prefix: cidr.prefix,
    family: cidr.family,
    at: lineSpan(s),
  };
  for (let i = 0; i < s.args.length; i++) {
    const opt = s.args[i];
    if (VIP_FLAGS.has(opt.text)) {
      if (opt.text === 'no_track') vip.noTrack = true;
      continue;
    }
    if (!VIP_VALUE_OPTIONS.has(opt.text)) {
      r.report(
        'config.vip-option-unknown',
        'warning',
        `Unknown configuration entry '${opt.text}' for ip address - ignoring`,
        opt.at,
      );
      continue;
    }
    const value = s.args[++i];
    if (!value) {
      r.report('config.missing-value', 'warning', `${opt.text}: missing value - ignoring`, opt.at);
      break;
    }
    if (opt.text === 'dev') vip.dev = value.text;
    else if (opt.text === 'label') vip.label = value.text;
    else if (opt.text === 'brd' || opt.text === 'broadcast') vip.brd = value.text;
    else if (opt.text === 'scope') vip.scope = value.text;
  }
  return vip;
}

/**
 * Parses `name [weight W [reverse|noreverse]]` (§4.2, §4.4). W is -253..253; ±254 becomes ±253 with
 * keepalived's error; `fileRange` widens the range to ±254 for track_file (§4.5).
 */
export function readTrackRef(
  s: Stmt,
  r: Reporter,
  vi: string,
  fileRange = false,
): { ref: TrackRef; weightGiven: boolean; reverseGiven: boolean } {
  const ref: TrackRef = { name: s.keyword.text, weight: 0, reverse: false, at: lineSpan(s) };
  let weightGiven = false;
  let reverseGiven = false;
  for (let i = 0; i < s.args.length; i++) {
    const t = s.args[i];
    if (t.text === 'weight') {
      const v = s.args[i + 1];
      if (!v) {
        r.report('config.missing-value', 'warning', `weight: missing value - ignoring`, t.at);
        break;
      }
      i++;
      const w = r.int(v, -254, 254);
      if (w === undefined) continue;
      if (Math.abs(w) === 254 && !fileRange) {
        ref.weight = Math.sign(w) * 253;
        r.report(
          'config.track-weight-254',
          'warning',
          `(${vi}) weight for ${ref.name} cannot be +/-254. Setting to +/-253`,
          v.at,
        );
      } else ref.weight = w;
      weightGiven = true;
    } else if (t.text === 'reverse' || t.text === 'noreverse') {
      ref.reverse = t.text === 'reverse';
      reverseGiven = true;
    } else {
      r.report(
        'config.unknown-keyword',
        'warning',
        `Unknown keyword '${t.text}'`,
        t.at,
        'Expected weight W [reverse|noreverse].',
      );
    }
  }
  return { ref, weightGiven, reverseGiven };
}

/** Parses one `unicast_peer` line: `<ip> [min_ttl N] [max_ttl N]` (§6.2). */
export function readPeer(s: Stmt, r: Reporter): string | null {
  const cidr = parseCidr(s.keyword.text);
  if (!cidr || s.keyword.text.includes('/')) {
    r.report(
      'config.peer-invalid',
      'warning',
      `Invalid unicast_peer address '${s.keyword.text}' - ignoring`,
      s.keyword.at,
    );
    return null;
  }
  for (let i = 0; i < s.args.length; i += 2) {
    const opt = s.args[i];
    if (opt.text !== 'min_ttl' && opt.text !== 'max_ttl') {
      r.report('config.unknown-keyword', 'warning', `Unknown keyword '${opt.text}'`, opt.at);
      continue;
    }
    const v = s.args[i + 1];
    if (v) r.int(v, 0, 255);
    else r.report('config.missing-value', 'warning', `${opt.text}: missing value - ignoring`, opt.at);
  }
  return cidr.address;
}

/**
 * Reads a `track_script` block. The script must already be defined (§7.3); the reference's weight and
 * direction override the script's own.
 */
export function readTrackScripts(
  st: Stmt,
  r: Reporter,
  owner: string,
  scripts: Map<string, ScriptDraft>,
): TrackRef[] {
  const refs: TrackRef[] = [];
  for (const item of st.block ?? []) {
    const { ref, weightGiven, reverseGiven } = readTrackRef(item, r, owner);
    const script = scripts.get(ref.name);
    if (!script) {
      const msg = `(${owner}) track script ${ref.name} not found, ignoring...`;
      r.report(
        'config.track-script-not-found',
        'warning',
        msg,
        item.keyword.at,
        'Define the vrrp_script before it is tracked.',
      );
      continue;
    }
    if (!weightGiven) ref.weight = script.script.weight;
    if (!reverseGiven) ref.reverse = script.script.weightReverse;
    refs.push(ref);
  }
  return refs;
}
