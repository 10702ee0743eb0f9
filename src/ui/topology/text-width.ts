/**
 * Text widths for the topology's layout, from a canvas' measureText in the font each SVG text class
 * computes to. Measuring with an SVG text element's getComputedTextLength lays the page out again for
 * every new string: in a profile of a 20-router capture's layout task (58 ms of CPU), it took 116 of
 * the task's 271 samples. The canvas shapes the text in the same font without any page layout; the
 * fonts are read once per class from a hidden text element.
 */
import type { TextClass, TextMeasure } from './box-content';

/** What a class's text is drawn with, as its computed style gives it. */
export interface ClassFont {
  /** A CSS font shorthand the canvas accepts. */
  font: string;
  letterSpacing: string;
}

/** The font of the computed style `cs`, as a canvas font shorthand (style, weight, size, family). */
export function canvasFont(cs: CSSStyleDeclaration): ClassFont {
  return {
    font: `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`,
    letterSpacing: cs.letterSpacing,
  };
}

/**
 * A measure backed by a canvas, the fonts read through `fontOf` on first use of each class; null
 * where no 2D canvas exists (the caller then measures another way).
 */
export function canvasMeasure(fontOf: (cls: TextClass) => ClassFont): TextMeasure | null {
  const ctx = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1).getContext('2d') : null;
  if (!ctx) return null;
  const fonts = new Map<TextClass, ClassFont>();
  return (text, cls) => {
    let f = fonts.get(cls);
    if (!f) fonts.set(cls, (f = fontOf(cls)));
    ctx.font = f.font;
    // Chromium's canvas spaces letters as CSS does (the SVG text's own letter-spacing, if any).
    if ('letterSpacing' in ctx) ctx.letterSpacing = f.letterSpacing === 'normal' ? '0px' : f.letterSpacing;
    return ctx.measureText(text).width;
  };
}
