/**
 * Turns field specs into packet-detail nodes (the tree the detail pane and the hex view show).
 */
import { formatIPv4, formatIPv6, formatMac } from '../net/address';
import { bitPattern, fieldFits, fieldUint, type FieldSpec } from '../net/field';

/** One line of the packet-detail tree; `offset`/`length` select its bytes in the frame. */
export interface DetailNode {
  /** The Wireshark filter name (`vrrp.prio`), or a layer name (`vrrp`) for a layer's root. */
  key: string;
  label: string;
  /** The decoded value: numbers for integer fields, text for addresses and strings. */
  value: number | string | boolean | null;
  /** The line as shown: `Priority: 100`, `0010 .... = Version: 2`. */
  display: string;
  /** Bytes from the start of the frame. */
  offset: number;
  length: number;
  children: DetailNode[];
}

export function formatValue(f: FieldSpec, v: number | string | boolean): string {
  if (typeof v !== 'number') return String(v);
  if (f.kind === 'bool') return v ? 'Set' : 'Not set';
  const width = f.mask !== undefined ? Math.ceil(Math.log2(f.mask / (f.mask & -f.mask) + 1) / 4) : f.size * 2;
  const text = f.kind === 'hex' ? `0x${v.toString(16).padStart(Math.max(width, 1), '0')}` : String(v);
  const meaning = f.meanings?.[v];
  const unit = f.unit ? ` ${f.unit}` : '';
  return meaning ? `${text}${unit} (${meaning})` : `${text}${unit}`;
}

/** Reads `f` from the layer at `base`; the caller has checked the bounds. */
export function readValue(bytes: Uint8Array, base: number, f: FieldSpec): number | string | boolean {
  const at = base + f.offset;
  switch (f.kind) {
    case 'ipv4':
      return formatIPv4(bytes, at);
    case 'ipv6':
      return formatIPv6(bytes, at);
    case 'mac':
      return formatMac(bytes, at);
    case 'bytes':
      return Array.from(bytes.subarray(at, at + f.size), (b) => b.toString(16).padStart(2, '0')).join('');
    case 'string': {
      let s = '';
      for (let i = 0; i < f.size && bytes[at + i] !== 0; i++) s += String.fromCharCode(bytes[at + i]);
      return s;
    }
    case 'bool':
      return fieldUint(bytes, base, f) !== 0;
    default:
      return fieldUint(bytes, base, f);
  }
}

/** A node for `f` of the layer at `base`, or null when the field lies beyond `end`. */
export function fieldNode(bytes: Uint8Array, base: number, f: FieldSpec, end: number): DetailNode | null {
  if (!fieldFits(base, f, end)) return null;
  const value = readValue(bytes, base, f);
  let display = `${f.label}: ${formatValue(f, value)}`;
  if (f.mask !== undefined) display = `${bitPattern(Number(value), f.mask, f.size)} = ${display}`;
  return {
    key: f.key,
    label: f.label,
    value,
    display,
    offset: base + f.offset,
    length: f.size,
    children: [],
  };
}

/** Nodes for every spec that fits, in order. */
export function fieldNodes(
  bytes: Uint8Array,
  base: number,
  specs: readonly FieldSpec[],
  end: number,
): DetailNode[] {
  const out: DetailNode[] = [];
  for (const f of specs) {
    const n = fieldNode(bytes, base, f, end);
    if (n) out.push(n);
  }
  return out;
}

/** A layer's root node. */
export function layerNode(
  key: string,
  display: string,
  offset: number,
  end: number,
  children: DetailNode[],
): DetailNode {
  return { key, label: display, value: null, display, offset, length: Math.max(0, end - offset), children };
}

/** A synthetic node (not read from one fixed place): checksum status, gratuitous flags, problems. */
export function infoNode(
  key: string,
  label: string,
  value: DetailNode['value'],
  display: string,
  offset = 0,
  length = 0,
): DetailNode {
  return { key, label, value, display, offset, length, children: [] };
}
