/**
 * Where the VIP badges go. A held VIP sits just above its holder's box, right-aligned, never on the
 * box's border (which carries the selection and service-path outline); badges that do not fit in the
 * box's width stack upwards. A VIP nobody holds sits just below the LAN line, never on it (the line
 * would strike its text through), clear of the LAN label on the left.
 */
import { BADGE_GAP, BADGE_H, type Layout } from './layout';

export interface BadgePlace {
  x: number;
  y: number;
  w: number;
}

/** Horizontal gap between two badges, px. */
const BADGE_SPACING = 6;
/** Half the LAN line's stroke width (Topology.svelte `.bus`), px. */
const BUS_HALF = 3;

/**
 * @param vips all VIPs, in drawing order
 * @param holders VIP → node id holding it now
 * @param widths VIP → badge width (px)
 * @param labelEnd x (px) where the LAN label ends
 */
export function placeBadges(
  layout: Layout,
  vips: readonly string[],
  holders: ReadonlyMap<string, string>,
  widths: ReadonlyMap<string, number>,
  labelEnd: number,
): Map<string, BadgePlace> {
  const out = new Map<string, BadgePlace>();
  const byHolder = new Map<string, string[]>();
  for (const v of vips) {
    const h = holders.get(v);
    const key = h !== undefined && layout.boxes.has(h) ? h : '';
    byHolder.set(key, [...(byHolder.get(key) ?? []), v]);
  }
  for (const [holder, list] of byHolder) {
    if (holder === '') continue;
    const box = layout.boxes.get(holder)!;
    let right = box.x + box.w;
    let row = 0;
    for (const v of list) {
      const w = widths.get(v) ?? 146;
      if (right - w < box.x && right < box.x + box.w) {
        row += 1;
        right = box.x + box.w;
      }
      out.set(v, { x: right - w, y: box.y - BADGE_GAP - BADGE_H - row * (BADGE_H + BADGE_SPACING), w });
      right -= w + BADGE_SPACING;
    }
  }
  const orphans = byHolder.get('') ?? [];
  const total = orphans.reduce((s, v) => s + (widths.get(v) ?? 146) + BADGE_SPACING, -BADGE_SPACING);
  let x = Math.max(labelEnd + 16, layout.width / 2 - total / 2);
  let y = layout.busY + BUS_HALF + BADGE_GAP;
  for (const v of orphans) {
    const w = widths.get(v) ?? 146;
    // A narrow (stacked) drawing wraps them onto rows below the label (layout.ts leaves the room).
    if (x + w > layout.width && x > 0) {
      x = 0;
      y += BADGE_H + BADGE_SPACING + (y === layout.busY + BUS_HALF + BADGE_GAP ? 14 : 0);
    }
    out.set(v, { x, y, w });
    x += w + BADGE_SPACING;
  }
  return out;
}
