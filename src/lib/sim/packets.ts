/**
 * Real frames for the simulator (docs/vrrp-behaviour.md §1.1, §5.3): adverts are encoded once per
 * (priority, destination) and copied for each send with the instance's IP id patched in, so a run
 * allocates one small buffer per frame and no per-field objects.
 */
import { decodeAdvert, encodeAdvert, type AdvertFields } from '../vrrp/advert';
import { advertFrame, garpFrame, refreshIpv4Checksum, unsolicitedNaFrame } from '../vrrp/wire';
import { AUTH_AH, AUTH_NONE, AUTH_PASS } from '../vrrp/constants';
import type { Family } from '../trace/types';

export interface AdvertTemplate {
  frame: Uint8Array;
  fields: AdvertFields;
}

export interface AdvertSource {
  version: 2 | 3;
  family: Family;
  vrid: number;
  advertIntervalCs: number;
  vips: string[];
  authType?: 'PASS' | 'AH';
  authPass?: string;
  srcMac: string;
  src: string;
}

export function authTypeCode(t: 'PASS' | 'AH' | undefined): number {
  return t === 'PASS' ? AUTH_PASS : t === 'AH' ? AUTH_AH : AUTH_NONE;
}

/** Builds the advert frame with IP id 0 and its decoded fields (shared by every copy). */
export function advertTemplate(
  s: AdvertSource,
  priority: number,
  dst: string,
  dstMac: string | undefined,
  ttl: number,
): AdvertTemplate {
  const vrrp = encodeAdvert({
    version: s.version,
    family: s.family,
    vrid: s.vrid,
    priority,
    advertIntervalCs: s.advertIntervalCs,
    addresses: s.vips,
    authType: s.version === 2 ? authTypeCode(s.authType) : undefined,
    authPass: s.authPass,
    src: s.src,
    dst,
  });
  const frame = advertFrame({
    family: s.family,
    srcMac: s.srcMac,
    dstMac,
    src: s.src,
    dst,
    ipId: 0,
    ttl,
    vrrp,
  });
  const ipLen = s.family === 'ipv4' ? 20 : 40;
  const decoded = decodeAdvert(frame, 14 + ipLen, vrrp.length, {
    family: s.family,
    src: frame.subarray(s.family === 'ipv4' ? 26 : 22, s.family === 'ipv4' ? 30 : 38),
    dst: frame.subarray(s.family === 'ipv4' ? 30 : 38, s.family === 'ipv4' ? 34 : 54),
  });
  if (!decoded.ok) throw new Error('advert template did not decode');
  return { frame, fields: decoded.fields };
}

/** A copy of the template with the IPv4 identification set (and the header checksum redone). */
export function stampAdvert(t: AdvertTemplate, family: Family, ipId: number): Uint8Array {
  const out = t.frame.slice();
  if (family === 'ipv4') {
    out[18] = ipId >> 8;
    out[19] = ipId & 0xff;
    refreshIpv4Checksum(out);
  }
  return out;
}

/** keepalived's per-instance IP id counter: starts at 1, +1 per advert, skips 0 (§1.1). */
export function nextIpId(previous: number): number {
  const n = (previous + 1) & 0xffff;
  return n === 0 ? 1 : n;
}

export function announceFrame(family: Family, mac: string, address: string): Uint8Array {
  return family === 'ipv4' ? garpFrame(mac, address) : unsolicitedNaFrame(mac, address, address, false);
}
