/**
 * The last word on the timeline's marker labels: their rendered boxes. markers.ts fits each label from
 * estimated character widths; fonts differ, and two markers can share an instant (a dual master and
 * a takeover), so each lane's labels are checked left to right and one that would touch a label
 * shown before it (on its line), or run past the lane's right end, is hidden. Its marker keeps the full title.
 */

/** Gap kept between two labels, px. */
const GAP_PX = 2;

export function hideOverlappingLabels(lanes: SVGGElement, rightPx: number): void {
  for (const lane of lanes.querySelectorAll<SVGGElement>('g.lane')) {
    const labels = [...lane.querySelectorAll<SVGTextElement>('g.failover text')];
    for (const t of labels) t.removeAttribute('visibility');
    const boxes = labels
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0)
      .sort((a, b) => a.r.left - b.r.left);
    const shown: DOMRect[] = [];
    const touches = (a: DOMRect, b: DOMRect) =>
      a.left < b.right + GAP_PX && b.left < a.right + GAP_PX && a.top < b.bottom && b.top < a.bottom;
    for (const { t, r } of boxes) {
      if (r.right > rightPx || shown.some((s) => touches(r, s))) t.setAttribute('visibility', 'hidden');
      else shown.push(r);
    }
  }
}
