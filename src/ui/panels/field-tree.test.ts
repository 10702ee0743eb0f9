import { describe, expect, it } from 'vitest';
import { fieldAtByte, fieldText, findField, hexRows, inField, type FieldNode } from './field-tree';

// The shape the capture layer's dissector returns, for an Ethernet + IPv4 + VRRP frame.
const tree: FieldNode[] = [
  {
    key: 'eth',
    label: 'Ethernet II',
    offset: 0,
    length: 14,
    children: [{ key: 'eth.src', label: 'Source', value: 'bc:76:4e:05:6c:1c', offset: 6, length: 6 }],
  },
  {
    key: 'vrrp',
    label: 'Virtual Router Redundancy Protocol',
    offset: 34,
    length: 20,
    children: [
      { key: 'vrrp.prio', label: 'Priority', value: 100, display: 'Priority: 100', offset: 36, length: 1 },
      { key: 'vrrp.ip_addr', label: 'IP Address', value: '192.168.3.200', offset: 42, length: 4 },
      { key: 'vrrp.ip_addr', label: 'IP Address', value: '192.168.3.201', offset: 46, length: 4 },
    ],
  },
];

describe('field tree and hex view', () => {
  it('finds fields by key and by byte, innermost first', () => {
    expect(findField(tree, 'vrrp.prio')?.offset).toBe(36);
    expect(findField(tree, 'vrrp.nope')).toBeNull();
    expect(fieldAtByte(tree, 47)?.value).toBe('192.168.3.201');
    expect(fieldAtByte(tree, 35)?.key).toBe('vrrp');
    expect(fieldAtByte(tree, 2)?.key).toBe('eth');
    expect(fieldAtByte(tree, 20)).toBeNull();
  });

  it('lays bytes out 16 a row with ASCII and highlights the field', () => {
    const bytes = new Uint8Array(54).map((_, k) => k + 60);
    const rows = hexRows(bytes);
    expect(rows.map((r) => r.label)).toEqual(['0000', '0010', '0020', '0030']);
    expect(rows[3].bytes.length).toBe(6);
    expect(rows[0].bytes[5]).toEqual({ index: 5, hex: '41', ascii: 'A' });
    expect(
      hexRows(new Uint8Array([0, 0x7f]))[0]
        .bytes.map((b) => b.ascii)
        .join(''),
    ).toBe('..');
    const prio = findField(tree, 'vrrp.prio');
    expect([35, 36, 37].map((k) => inField(prio, k))).toEqual([false, true, false]);
  });

  it('shows the display text, else label and value', () => {
    expect(fieldText(tree[1].children![0])).toBe('Priority: 100');
    expect(fieldText(tree[0].children![0])).toBe('Source: bc:76:4e:05:6c:1c');
    expect(fieldText(tree[0])).toBe('Ethernet II');
  });
});
