/**
 * What a share URL carries: the whole scenario (configs, faults, seed), the moment shown and the view.
 * These are plain data; the UI maps them onto its Session (src/ui/state/contract.ts) and back.
 */
import type { Micros } from '../trace/types';
import type { Scenario } from '../scenario/types';

/** The share format version written into every payload. Decoders refuse newer ones with a diagnostic. */
export const SHARE_VERSION = 1;

/** The selected node, instance, packet or packet field (mirrors the Session's `Selection`). */
export interface ShareSelection {
  node?: string;
  instance?: string;
  /** Index into trace.packets. */
  packet?: number;
  /** Packet field key such as `vrrp.prio`. */
  field?: string;
}

export type ShareChrome = 'full' | 'embed' | 'present';
export type ShareTheme = 'light' | 'dark';

export interface ShareView {
  selection?: ShareSelection;
  chrome?: ShareChrome;
  /** Visible time window of the timeline, µs from the trace origin, `from < to`. */
  window?: { from: Micros; to: Micros };
  theme?: ShareTheme;
  /** Playback rate, 0.1..100 virtual seconds per wall second. */
  speed?: number;
  /** Tutorial chapter (1-based) when the link was made from the tutorial. */
  chapter?: number;
}

export interface ShareState {
  scenario: Scenario;
  /** Virtual time shown, integer µs from the trace origin. */
  t: Micros;
  view: ShareView;
}

/** Size limits that keep a hostile URL from exhausting memory (lz-string can expand a lot). */
export const SHARE_LIMITS = {
  /** Characters of the compressed payload accepted from a URL. */
  maxPayloadChars: 400_000,
  /** Characters of the decompressed JSON. */
  maxJsonChars: 4_000_000,
  maxNodes: 256,
  maxEvents: 10_000,
  /** Characters of one keepalived.conf text. */
  maxConfigChars: 1_000_000,
  /** Longest name, address or other short string. */
  maxShortString: 4096,
  /** Latest virtual time accepted, µs (one week). */
  maxTimeUs: 7 * 24 * 3600 * 1_000_000,
} as const;
