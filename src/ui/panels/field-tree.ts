/**
 * The detail tree and hex view of the Packets panel. Both read the nodes that the capture layer's field
 * table produces (`dissect(bytes, linkType)` in src/lib/pcap/dissect.ts, docs/style.md §9); this module
 * only walks them and lays bytes out in rows.
 */

/** One dissected field (structural copy of the dissector's node, so the panel depends on its shape only). */
export interface FieldNode {
  /** Wireshark-style filter name, e.g. `vrrp.prio`. */
  key: string;
  label: string;
  value?: unknown;
  /** The text shown in the tree, e.g. `Priority: 100`. */
  display?: string;
  /** Byte offset in the frame and length in bytes. */
  offset: number;
  length: number;
  children?: FieldNode[];
}

/** Depth-first search for a field by key (the first one wins, as Wireshark's "go to field"). */
export function findField(nodes: readonly FieldNode[], key: string): FieldNode | null {
  for (const n of nodes) {
    if (n.key === key) return n;
    const hit = n.children ? findField(n.children, key) : null;
    if (hit) return hit;
  }
  return null;
}

/** The innermost field that covers byte `offset` (for clicking a byte in the hex view). */
export function fieldAtByte(nodes: readonly FieldNode[], offset: number): FieldNode | null {
  for (const n of nodes) {
    if (offset >= n.offset && offset < n.offset + n.length) {
      return (n.children ? fieldAtByte(n.children, offset) : null) ?? n;
    }
  }
  return null;
}

export interface HexRow {
  /** Offset of the row's first byte. */
  offset: number;
  /** `0000` style. */
  label: string;
  bytes: { index: number; hex: string; ascii: string }[];
}

/** 16 bytes per row, with printable ASCII beside, as Wireshark's bytes pane. */
export function hexRows(bytes: Uint8Array, perRow = 16): HexRow[] {
  const rows: HexRow[] = [];
  for (let start = 0; start < bytes.length; start += perRow) {
    const row: HexRow = { offset: start, label: start.toString(16).padStart(4, '0'), bytes: [] };
    for (let k = start; k < Math.min(bytes.length, start + perRow); k++) {
      const b = bytes[k];
      row.bytes.push({
        index: k,
        hex: b.toString(16).padStart(2, '0'),
        ascii: b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
      });
    }
    rows.push(row);
  }
  return rows;
}

/** Whether byte `index` lies in the selected field. */
export function inField(field: FieldNode | null, index: number): boolean {
  return !!field && index >= field.offset && index < field.offset + field.length;
}

/** The text of a tree row: the dissector's display, else `label: value`. */
export function fieldText(n: FieldNode): string {
  if (n.display) return n.display;
  return n.value === undefined ? n.label : `${n.label}: ${String(n.value)}`;
}
