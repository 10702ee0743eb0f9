/**
 * Differential test: every VRRP field of every frame of every reference capture, as `dissect()`
 * shows it, agrees with Wireshark's dissector (tshark), field name by field name.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissect, type DetailNode } from '../../src/lib/pcap/dissect';
import { hasTshark, readFrames, referenceCaptures, tsharkFields } from './capture-files';

const FIELDS = [
  'vrrp.version',
  'vrrp.type',
  'vrrp.virt_rtr_id',
  'vrrp.prio',
  'vrrp.addr_count',
  'vrrp.auth_type',
  'vrrp.adver_int',
  'vrrp.reserved_mbz',
  'vrrp.short_adver_int',
  'vrrp.checksum',
  'vrrp.checksum.status',
  'vrrp.ip_addr',
  'vrrp.ipv6_addr',
  'vrrp.auth_string',
  'ip.src',
  'ipv6.src',
  'ip.ttl',
  'ipv6.hlim',
  'arp.src.proto_ipv4',
  'arp.isgratuitous',
];
/** IP fields are compared on VRRP frames only (the point of the test: who sent it, with what TTL). */
const IP_FIELDS = new Set(['ip.src', 'ipv6.src', 'ip.ttl', 'ipv6.hlim']);

function flatten(nodes: DetailNode[], out = new Map<string, DetailNode[]>()): Map<string, DetailNode[]> {
  for (const n of nodes) {
    if (n.value !== null) out.set(n.key, [...(out.get(n.key) ?? []), n]);
    flatten(n.children, out);
  }
  return out;
}

/** Our node values printed as tshark prints them. */
function asTshark(key: string, nodes: DetailNode[] | undefined, tree: Map<string, DetailNode[]>): string {
  if (!nodes) return '';
  return nodes
    .map((n) => {
      if (key === 'vrrp.checksum') return `0x${Number(n.value).toString(16).padStart(4, '0')}`;
      if (key === 'vrrp.checksum.status') {
        // Wireshark checks v3-over-IPv4 only with the pseudo-header (its default preference).
        const variant = tree.get('vrrp.checksum.variant')?.[0]?.value;
        return variant === 'no-pseudo-header' ? '0' : String(n.value);
      }
      if (typeof n.value === 'boolean') return n.value ? '1' : '0';
      return String(n.value);
    })
    .join(',');
}

const files = referenceCaptures();

describe.skipIf(!hasTshark)('dissect() agrees with tshark on every VRRP field', () => {
  it('has reference captures to compare', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(basename(file), async () => {
      const rows = tsharkFields(file, ['frame.number', 'vrrp', ...FIELDS]);
      const frames = await readFrames(file);
      expect(frames.length).toBe(rows.length);
      let vrrpFrames = 0;
      frames.forEach((fr, i) => {
        const tree = flatten(dissect(fr.data, fr.linkType));
        const isVrrp = rows[i][1] !== '';
        if (isVrrp) vrrpFrames++;
        expect(tree.has('vrrp.version'), `frame ${i + 1}: VRRP present`).toBe(isVrrp);
        FIELDS.forEach((key, k) => {
          if (IP_FIELDS.has(key) && !isVrrp) return;
          const theirs = rows[i][k + 2];
          expect(asTshark(key, tree.get(key), tree), `frame ${i + 1} ${key}`).toBe(theirs);
        });
      });
      if (/vrrp/i.test(basename(file))) expect(vrrpFrames).toBeGreaterThan(0);
    });
  }
});

describe.runIf(!hasTshark)('tshark missing', () => {
  it.skip('the differential test needs tshark (apt-get install tshark)', () => {});
});
