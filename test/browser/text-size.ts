/**
 * Rendered text sizes and label boxes, as a reader sees them: SVG text is measured after the SVG's
 * scaling (its computed font size times the screen CTM's scale), HTML text by its computed font size.
 * Only text that is visible and inside the viewport counts.
 */
import type { Page } from 'playwright-core';

/** The screens of issue 14 §4: phone, tablet, projector, full HD. */
export const SCREEN_SIZES = [
  [390, 844],
  [768, 1024],
  [1280, 720],
  [1920, 1080],
] as const;

export interface SmallText {
  /** Effective size in CSS px. */
  px: number;
  text: string;
  where: string;
}

/** The smallest rendered texts of the page (up to `keep` of them, smallest first). */
export function smallestTexts(page: Page, keep = 5): Promise<SmallText[]> {
  return page.evaluate((keep) => {
    const out: { px: number; text: string; where: string }[] = [];
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
      if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return false;
      // An ancestor that hides or clips it away (collapsed panels, sr-only text).
      for (let a: Element | null = el; a; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (Number(st.opacity) === 0) return false;
        if (st.clip === 'rect(0px, 0px, 0px, 0px)' || st.clipPath === 'inset(50%)') return false;
      }
      return true;
    };
    const where = (el: Element) => {
      const parts: string[] = [];
      for (let a: Element | null = el; a && parts.length < 3; a = a.parentElement) {
        const cls = typeof a.className === 'string' ? a.className.split(' ')[0] : '';
        parts.unshift(a.tagName.toLowerCase() + (cls ? `.${cls}` : ''));
      }
      return parts.join(' > ');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest('script, style, title, desc')) continue;
      if (!visible(el)) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) {
        const m =
          (el as unknown as SVGGraphicsElement).getScreenCTM?.() ?? el.ownerSVGElement?.getScreenCTM();
        if (m) px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      }
      out.push({ px: Math.round(px * 10) / 10, text: n.textContent.trim().slice(0, 30), where: where(el) });
    }
    return out.sort((a, b) => a.px - b.px).slice(0, keep);
  }, keep);
}

export interface Box {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Pairs of boxes that overlap by more than `slack` px on both axes. */
export function overlaps(boxes: readonly Box[], slack = 0.5): [Box, Box][] {
  const out: [Box, Box][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > slack && y > slack) out.push([a, b]);
    }
  return out;
}
