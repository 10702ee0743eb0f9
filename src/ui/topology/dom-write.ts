/**
 * Change-only DOM writes for D3 joins that run every animation frame. Re-setting an attribute or the
 * text of an SVG element to the value it already has still costs style and layout work in the browser;
 * most of the topology does not change between two frames, so only differences are written.
 * Use with `selection.call(attr, 'x', fn)` and `selection.call(text, fn)`.
 */
import type { BaseType, Selection } from 'd3';

type Value<D> = string | number | null | ((d: D, i: number) => string | number | null);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelection<D> = Selection<any, D, any, any>;

/** Sets one element's attribute (null removes it) unless it has that value already. */
export function setAttr(el: Element, name: string, v: string | number | null | undefined): void {
  const s = v === null || v === undefined ? null : String(v);
  if (el.getAttribute(name) === s) return;
  if (s === null) el.removeAttribute(name);
  else el.setAttribute(name, s);
}

/** Sets one element's text unless it has that text already. */
export function setText(el: Element, v: string | number | null | undefined): void {
  const s = v === null || v === undefined ? '' : String(v);
  if (el.textContent !== s) el.textContent = s;
}

export function attr<D>(sel: AnySelection<D>, name: string, value: Value<D>): void {
  sel.each(function (this: BaseType, d: D, i: number) {
    setAttr(this as Element, name, typeof value === 'function' ? value(d, i) : value);
  });
}

export function text<D>(sel: AnySelection<D>, value: Value<D>): void {
  sel.each(function (this: BaseType, d: D, i: number) {
    setText(this as Element, typeof value === 'function' ? value(d, i) : value);
  });
}
