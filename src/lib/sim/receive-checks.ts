/**
 * keepalived 2.2.7's receive validation of an advert (docs/vrrp-behaviour.md §1.10, vrrp_check_packet()),
 * in its order: the first failing check gives the log text; KO and DROP both make the machine ignore it.
 */
import type { GlobalDefs, VrrpInstance } from '../config/model';
import type { VrrpState } from '../trace/types';
import { AUTH_AH } from '../vrrp/constants';
import type { AdvertOnWire } from './types';

export interface Receiver {
  cfg: VrrpInstance;
  global: GlobalDefs;
  state: VrrpState;
  /** VIPs carried in our adverts. */
  vips: string[];
  /** Our auth type code (0 none, 1 PASS, 2 AH). */
  authType: number;
  /** The last master we recorded (skip_check_adv_addr). */
  lastMasterSrc: string | null;
}

/** The reason the advert is rejected, or '' when it is valid. */
export function receiveCheck(a: AdvertOnWire, r: Receiver): string {
  const cfg = r.cfg;
  const unicast = cfg.unicastPeers.length > 0;
  // #1: over IPv4 an AH advert carries an AH header; the simulator marks it by auth type 2.
  if (a.family === 'ipv4' && (a.authType === AUTH_AH) !== (r.authType === AUTH_AH))
    return a.authType === AUTH_AH
      ? 'Received AH header but auth type not AH'
      : 'No AH header but auth type is AH';
  if (a.length) {
    const { received, expected } = a.length;
    return `vrrp packet too ${received > expected ? 'long' : 'short'}, length ${received} and expect ${expected}`;
  }
  if (!unicast && a.ttl !== 255) return `invalid TTL/HL. Received ${a.ttl} and expect 255`;
  if (a.version !== cfg.version) return `wrong version. Received ${a.version} and expect ${cfg.version}`;
  if (cfg.version === 2) {
    if (a.authType !== r.authType) return `received a ${a.authType} auth, expecting ${r.authType}!`;
    if (r.authType === 1 && a.authPass !== (cfg.authPass ?? '').slice(0, 8))
      return 'received an invalid passwd!';
    const mine = cfg.advertIntervalCs / 100;
    const theirs = a.intervalCs / 100;
    if (mine !== theirs) return `advertisement interval mismatch mine=${mine} sec rcv'd=${theirs} sec`;
  }
  const checkVips = r.state === 'MASTER' || !(cfg.skipCheckAdvAddr && a.src === r.lastMasterSrc);
  if (checkVips && a.vips.length !== r.vips.length)
    return `received an unexpected ip number count ${a.vips.length}, expected ${r.vips.length}!`;
  if (a.multicast === unicast)
    return a.multicast
      ? 'Expected unicast packet but received multicast packet'
      : 'Expected multicast packet but received unicast packet';
  if (checkVips) {
    for (const v of r.vips)
      if (!a.vips.includes(v))
        return `ip address associated with VRID ${cfg.vrid} not present in MASTER advert: ${v}`;
  }
  if (unicast && r.global.vrrpCheckUnicastSrc && !cfg.unicastPeers.includes(a.src))
    return `unicast source address ${a.src} not a unicast peer`;
  return '';
}
