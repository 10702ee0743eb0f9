/**
 * The declarative field description that both the fast decoder and the packet-detail tree use
 * (docs/style.md §9, after Wireshark's `hf_register_info`). A field sits at a fixed `offset` from
 * the start of its layer; `mask` selects bits of the big-endian `size`-byte word.
 */

/** How a field's value is read and shown. */
export type FieldKind = 'uint' | 'hex' | 'bool' | 'ipv4' | 'ipv6' | 'mac' | 'bytes' | 'string';

export interface FieldSpec {
  /** Stable id inside vrrpscope (`vrrp.prio`); equal to `filter` unless noted. */
  key: string;
  /** Human label, as Wireshark shows it. */
  label: string;
  /** The Wireshark display-filter name (`vrrp.virt_rtr_id`). */
  filter: string;
  kind: FieldKind;
  /** Bytes from the start of the layer. */
  offset: number;
  /** Bytes the field (or the word that holds its bits) spans. */
  size: number;
  /** Bits of the big-endian word that hold the value (shifted down on read). */
  mask?: number;
  /** Names of values (`0` → "Current Master has stopped participating in VRRP"). */
  meanings?: Record<number, string>;
  /** Unit of the value (`s`, `cs`, `bytes`). */
  unit?: string;
  /** Trailing zero bits of `mask` (set by `defineField`, so the hot path does not count them). */
  shift?: number;
}

/**
 * A field spec with its mask shift precomputed. Every spec gets the same properties in the same
 * order (absent ones `undefined`), so `fieldUint` sees one object shape and V8 keeps it inlined on
 * the per-packet path instead of a megamorphic property lookup per field.
 */
export function defineField(spec: FieldSpec): FieldSpec {
  return {
    key: spec.key,
    label: spec.label,
    filter: spec.filter,
    kind: spec.kind,
    offset: spec.offset,
    size: spec.size,
    mask: spec.mask,
    meanings: spec.meanings,
    unit: spec.unit,
    shift: spec.mask === undefined ? 0 : trailingZeros(spec.mask),
  };
}

/** A field whose stable id is its Wireshark filter name: the short form every field table uses. */
export function field(
  filter: string,
  label: string,
  kind: FieldKind,
  offset: number,
  size: number,
  extra: Partial<FieldSpec> = {},
): FieldSpec {
  return defineField({ key: filter, filter, label, kind, offset, size, ...extra });
}

function trailingZeros(mask: number): number {
  let n = 0;
  while (n < 32 && ((mask >>> n) & 1) === 0) n++;
  return n;
}

/** Reads an unsigned big-endian integer of 1..4 bytes. The caller has checked the bounds. */
export function readUintBE(bytes: Uint8Array, at: number, size: number): number {
  switch (size) {
    case 1:
      return bytes[at];
    case 2:
      return (bytes[at] << 8) | bytes[at + 1];
    case 3:
      return (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
    default:
      return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  }
}

/** The numeric value of `f` in the layer starting at `base` (masked and shifted). */
export function fieldUint(bytes: Uint8Array, base: number, f: FieldSpec): number {
  const raw = readUintBE(bytes, base + f.offset, f.size);
  return f.mask === undefined ? raw : (raw & f.mask) >>> (f.shift ?? trailingZeros(f.mask));
}

/** True when the whole field lies inside `[0, end)`. */
export function fieldFits(base: number, f: FieldSpec, end: number): boolean {
  return base + f.offset + f.size <= end;
}

/** Bits of `mask` as Wireshark prints them: `1111 .... = ` for 0xf0 of a byte. */
export function bitPattern(value: number, mask: number, size: number): string {
  const bits = size * 8;
  const shift = trailingZeros(mask);
  let out = '';
  for (let i = bits - 1; i >= 0; i--) {
    const inMask = (mask >>> i) & 1;
    out += inMask ? String(((value << shift) >>> i) & 1) : '.';
    if (i % 4 === 0 && i > 0) out += ' ';
  }
  return out;
}
