/**
 * VRRP protocol constants (RFC3768, RFC5798) and keepalived 2.2.7's defaults (include/vrrp.h).
 */
import { US_PER_S } from '../trace/time';

export const VRRP_TTL = 255;
export const VRRP_TOS = 0xc0;
export const VRRP_TYPE_ADVERTISEMENT = 1;
export const VRRP_MCAST_V4 = '224.0.0.18';
export const VRRP_MCAST_V6 = 'ff02::12';
export const VRRP_MCAST_MAC_V4 = '01:00:5e:00:00:12';
export const VRRP_MCAST_MAC_V6 = '33:33:00:00:00:12';

/** Microseconds per centisecond (keepalived's TIMER_CENTI_HZ). */
export const US_PER_CS = 10_000;

/** VRRP_PRIO_DFL. */
export const DEFAULT_PRIORITY = 100;
/** VRRP_PRIO_OWNER: the address owner. */
export const OWNER_PRIORITY = 255;
/** Priority 0 means the master is resigning (RFC3768 §5.3.4). */
export const RESIGN_PRIORITY = 0;
/** VRRP_ADVER_DFL, 1 s, in centiseconds. */
export const DEFAULT_ADVERT_INTERVAL_CS = 100;
/** RFC default multiplier of the master-down interval. */
export const DEFAULT_DOWN_TIMER_ADVERTS = 3;

/** Gratuitous ARP defaults (docs/vrrp-behaviour.md §5.1). */
export const GARP_REPEAT = 5;
export const GARP_DELAY_US = 5 * US_PER_S;

/** Meanings of the priority byte (Wireshark's vrrp_prio_vals). */
export const PRIORITY_MEANINGS: Record<number, string> = {
  0: 'Current Master has stopped participating in VRRP',
  255: 'This VRRP router owns the virtual router IP address(es)',
};

/** Authentication types of VRRPv2 (RFC2338 §5.3.6; kept by keepalived as an extension). */
export const AUTH_TYPE_MEANINGS: Record<number, string> = {
  0: 'No Authentication',
  1: 'Simple Text Authentication [RFC 2338] / Reserved [RFC 3768]',
  2: 'IP Authentication Header [RFC 2338] / Reserved [RFC 3768]',
};

export const AUTH_NONE = 0;
export const AUTH_PASS = 1;
export const AUTH_AH = 2;
