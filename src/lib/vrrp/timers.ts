/**
 * keepalived 2.2.7's timer arithmetic, in integer µs (docs/vrrp-behaviour.md §2.2, §9).
 * Every division truncates, as keepalived's unsigned integer maths does.
 */
import { US_PER_S } from '../trace/time';
import { DEFAULT_DOWN_TIMER_ADVERTS, US_PER_CS } from './constants';

/**
 * Skew_Time in µs for an effective priority `priority` (1..255).
 * v2: (256 − p) × 10⁶ / 256, independent of the interval (VRRP_TIMER_SKEW, RFC3768 §6.1).
 * v3: ((256 − p) × (masterAdvertIntervalUs / 10 000) × 625) / 16 (RFC5798 §6.1, rearranged by keepalived
 * to fit 32 bits).
 */
export function skewUs(version: 2 | 3, priority: number, masterAdvertIntervalUs: number): number {
  if (version === 2) return Math.floor(((256 - priority) * US_PER_S) / 256);
  const cs = Math.floor(masterAdvertIntervalUs / US_PER_CS);
  return Math.floor(((256 - priority) * cs * 625) / 16);
}

/** Master_Down_Interval in µs: down_timer_adverts × master_adver_int + skew (VRRP_MS_DOWN_TIMER). */
export function masterDownUs(
  version: 2 | 3,
  priority: number,
  masterAdvertIntervalUs: number,
  downTimerAdverts = DEFAULT_DOWN_TIMER_ADVERTS,
): number {
  return downTimerAdverts * masterAdvertIntervalUs + skewUs(version, priority, masterAdvertIntervalUs);
}

/** Effective priority: base plus weights, clamped to 1..254; an owner (255) stays 255 (§2.1). */
export function effectivePriority(base: number, weightSum: number): number {
  if (base === 255) return 255;
  return Math.min(254, Math.max(1, base + weightSum));
}
