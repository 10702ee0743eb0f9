/**
 * SVG and PNG exports of a view (topology, timeline) for slides. The SVG is a clone of the live element
 * with its computed styles inlined, so it looks the same outside the app (CSS variables and class rules
 * do not travel). The PNG is that SVG drawn on a canvas at `scale` × its on-screen size.
 */

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', `${target.getAttribute('style') ?? ''};${style}`);
  const s = source.children;
  const t = target.children;
  for (let k = 0; k < s.length && k < t.length; k++) inlineStyles(s[k], t[k]);
}

/** Parts of a view marked `data-export-omit` (the timeline's zoom strip) are controls, not the picture. */
const OMIT = '[data-export-omit]';
/** Margin kept around the drawing, px. */
const MARGIN = 6;

interface Geometry {
  viewBox: string;
  width: number;
  height: number;
}

/** The union of the drawn parts' boxes, in the svg's user units (null when nothing is drawn). */
function drawnBounds(svg: SVGSVGElement): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const child of svg.children) {
    if (!(child instanceof SVGGraphicsElement) || child.matches(OMIT) || child.tagName === 'defs') continue;
    const b = child.getBBox();
    if (b.width === 0 && b.height === 0) continue;
    // The children of the timeline are translated groups: their boxes are in their own coordinates.
    const m = child.transform.baseVal.consolidate()?.matrix;
    const dx = m?.e ?? 0;
    const dy = m?.f ?? 0;
    x0 = Math.min(x0, b.x + dx);
    y0 = Math.min(y0, b.y + dy);
    x1 = Math.max(x1, b.x + dx + b.width);
    y1 = Math.max(y1, b.y + dy + b.height);
  }
  return Number.isFinite(x0) ? { x0, y0, x1, y1 } : null;
}

/**
 * The exported frame: the drawing, not the element's box. A view with a viewBox (the topology, drawn
 * with preserveAspectRatio "meet") keeps its viewBox's width and scale, cut top and bottom to what is
 * drawn, so neither the bands the element had around the drawing nor the layout's spare rows are
 * exported; a view without one (the timeline) gets the union of its drawn parts' boxes, so a label
 * past the right edge ("60 s") is not clipped and the omitted parts leave no empty strip.
 */
export function exportGeometry(svg: SVGSVGElement): Geometry {
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox?.baseVal;
  const drawn = drawnBounds(svg);
  if (vb && vb.width > 0 && vb.height > 0) {
    const width = Math.round(box.width);
    const unitsPerPx = vb.width / Math.max(1, width);
    const top = drawn ? Math.max(vb.y, drawn.y0 - MARGIN * unitsPerPx) : vb.y;
    const bottom = drawn ? Math.min(vb.y + vb.height, drawn.y1 + MARGIN * unitsPerPx) : vb.y + vb.height;
    return {
      viewBox: `${vb.x} ${top} ${vb.width} ${bottom - top}`,
      width,
      height: Math.max(1, Math.round((bottom - top) / unitsPerPx)),
    };
  }
  if (!drawn) {
    const w = Math.round(box.width);
    const h = Math.round(box.height);
    return { viewBox: `0 0 ${w} ${h}`, width: w, height: h };
  }
  const x = Math.floor(Math.min(0, drawn.x0 - MARGIN));
  const y = Math.floor(Math.min(0, drawn.y0 - MARGIN));
  const width = Math.ceil(Math.max(box.width, drawn.x1 + MARGIN) - x);
  const height = Math.ceil(drawn.y1 + MARGIN - y);
  return { viewBox: `${x} ${y} ${width} ${height}`, width, height };
}

/** A standalone SVG document for `svg` (size and viewBox from exportGeometry, a background from the page). */
export function svgToString(svg: SVGSVGElement): string {
  const geometry = exportGeometry(svg);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  for (const el of clone.querySelectorAll(OMIT)) el.remove();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(geometry.width));
  clone.setAttribute('height', String(geometry.height));
  clone.setAttribute('viewBox', geometry.viewBox);
  const [vx, vy] = geometry.viewBox.split(' ');
  const background = getComputedStyle(document.body).backgroundColor || '#fff';
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('x', vx);
  rect.setAttribute('y', vy);
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', background);
  clone.insertBefore(rect, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Renders the SVG to a PNG blob through an <img> and a canvas. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const text = svgToString(svg);
  const box = exportGeometry(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(box.width * scale));
    canvas.height = Math.max(1, Math.round(box.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Offers a blob as a download named `filename` (no network: an object URL of this page). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
