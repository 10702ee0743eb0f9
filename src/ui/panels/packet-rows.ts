/**
 * The Packets panel's rows: Wireshark-like columns from `Trace.packets`, a filter by VRID, node and kind,
 * and the window arithmetic of the virtualised list.
 */
import type { Micros, TracePacket } from '../../lib/trace/types';
import { secondsExact } from '../../lib/trace/time';

export type PacketKind = TracePacket['type'];

export interface PacketFilter {
  /** null: all VRIDs. */
  vrid: number | null;
  /** null: all nodes. */
  node: string | null;
  /** Empty: all kinds. */
  kinds: PacketKind[];
}

export const NO_FILTER: PacketFilter = { vrid: null, node: null, kinds: [] };

export function matches(p: TracePacket, f: PacketFilter): boolean {
  if (f.vrid !== null && p.vrrp?.vrid !== f.vrid) return false;
  if (f.node !== null && p.node !== f.node) return false;
  if (f.kinds.length > 0 && !f.kinds.includes(p.type)) return false;
  return true;
}

/**
 * Indexes into `packets` that pass the filter, as a typed array (a capture may hold millions of rows;
 * the unfiltered case is the identity and costs one pass).
 */
export function filterPackets(packets: readonly TracePacket[], f: PacketFilter): Uint32Array {
  const out = new Uint32Array(packets.length);
  let n = 0;
  for (let k = 0; k < packets.length; k++) if (matches(packets[k], f)) out[n++] = k;
  return out.subarray(0, n);
}

/** The position in `rows` of the last packet at or before t (−1 when none): the row synced with time. */
export function rowAtTime(rows: Uint32Array, packets: readonly TracePacket[], t: Micros): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (packets[rows[mid]].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The two priorities with a meaning of their own (RFC3768 §5.3.4). */
function priorityNote(priority: number): string {
  if (priority === 0) return ' (resigning)';
  return priority === 255 ? ' (owner)' : '';
}

/** The Info column, as Wireshark writes it for VRRP, ARP and NDP. */
export function packetInfo(p: TracePacket): string {
  if (p.vrrp) {
    const v = p.vrrp;
    const interval = v.version === 3 ? `${v.advertIntervalCs} cs` : `${v.advertIntervalRaw} s`;
    return `Announcement (v${v.version}) prio ${v.priority}${priorityNote(v.priority)}, int ${interval}, ${v.addresses.join(' ')}`;
  }
  if (p.announce) {
    const what =
      p.type === 'ndp' ? 'Neighbor Advertisement' : p.announce.gratuitous ? 'Gratuitous ARP' : 'ARP';
    return `${what} ${p.announce.address} is at ${p.announce.mac}`;
  }
  return p.comment ?? p.type;
}

/** Seconds since the trace origin with µs precision, as Wireshark's frame.time_relative. */
export function packetTime(t: Micros): string {
  return secondsExact(t);
}

/**
 * The tallest list the browser scrolls (Chromium stops near 33.5 M px): a longer list (a 1 GB capture
 * has 14 M rows, 300 M px) scrolls a spacer of this height, each px standing for several.
 */
export const MAX_LIST_PX = 8_000_000;

/**
 * A virtualised list of `total` rows that may be taller than MAX_LIST_PX: the spacer's height, the rows
 * to draw for a scroll position, where row `pos` goes (px from the spacer's top), and the scroll
 * position that shows row `pos` at `atPx` from the viewport's top.
 */
export function scrolledRows(
  scrollTop: number,
  viewportPx: number,
  rowPx: number,
  total: number,
  overscan = 8,
) {
  const full = total * rowPx;
  const spacerPx = Math.min(full, MAX_LIST_PX);
  // Scroll px → list px: 1 when the list fits, else the end of the spacer shows the end of the list.
  const ratio = spacerPx > viewportPx ? Math.max(1, (full - viewportPx) / (spacerPx - viewportPx)) : 1;
  const listTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(listTop / rowPx) - overscan);
  const last = Math.min(total, Math.ceil((listTop + viewportPx) / rowPx) + overscan);
  return {
    spacerPx,
    first,
    last,
    top: (pos: number) => pos * rowPx - listTop + scrollTop,
    scrollFor: (pos: number, atPx: number) => Math.max(0, (pos * rowPx - atPx) / ratio),
  };
}
