/**
 * The tshark differential check, shared by the tests over real and synthetic captures: every VRRP
 * field as `dissect()` shows it, and every column of the analysis' packet index, agree with
 * Wireshark's dissector frame by frame.
 */
import { expect } from 'vitest';
import { analyzeCaptureIndex } from '../../../src/lib/analysis/index';
import * as P from '../../../src/lib/analysis/packet-index';
import { dissect, type DetailNode } from '../../../src/lib/pcap/dissect';
import { fileSource } from '../../../src/lib/pcap/node-source';
import { readFrames, tsharkFields } from './capture-files';

export const VRRP_FIELDS = [
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
  'vlan.id',
  'ieee8021ad.id',
];
/** Every CARP field (packet-carp.c), compared on frames tshark's CARP heuristic claims. */
export const CARP_FIELDS = [
  'carp.typever',
  'carp.version',
  'carp.type',
  'carp.vhid',
  'carp.advskew',
  'carp.authlen',
  'carp.demotion',
  'carp.adver_int',
  'carp.checksum',
  'carp.checksum.status',
  'carp.counter',
  'carp.hmac',
];
/** IP fields are compared on VRRP frames only (the point: who sent the advert, with what TTL). */
const IP_FIELDS = new Set(['ip.src', 'ipv6.src', 'ip.ttl', 'ipv6.hlim']);
const EXTRA = ['frame.number', 'frame.time_relative', 'vrrp', 'carp'];

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
      if (key === 'vrrp.checksum' || key === 'carp.checksum')
        return `0x${Number(n.value).toString(16).padStart(4, '0')}`;
      // Wireshark checks v3-over-IPv4 with the pseudo-header only (its default preference).
      if (key === 'vrrp.checksum.status')
        return tree.get('vrrp.checksum.variant')?.[0]?.value === 'no-pseudo-header' ? '0' : String(n.value);
      if (typeof n.value === 'boolean') return n.value ? '1' : '0';
      return String(n.value);
    })
    .join(',');
}

/**
 * Asserts that dissect() and the packet index agree with tshark on `file`; returns the VRRP frame count
 * (CARP frames are counted in `counts.carp`).
 */
export async function expectAgreesWithTshark(file: string, counts: { carp?: number } = {}): Promise<number> {
  const FIELDS = [...VRRP_FIELDS, ...CARP_FIELDS];
  const rows = tsharkFields(file, [...EXTRA, ...FIELDS]);
  const frames = await readFrames(file);
  expect(frames.length, 'frames read').toBe(rows.length);
  let vrrpFrames = 0;
  frames.forEach((fr, i) => {
    const tree = flatten(dissect(fr.data, fr.linkType));
    const isVrrp = rows[i][2] !== '';
    const isCarp = rows[i][3] !== '';
    if (isVrrp) vrrpFrames++;
    if (isCarp) counts.carp = (counts.carp ?? 0) + 1;
    expect(tree.has('vrrp.version'), `frame ${i + 1}: VRRP present`).toBe(isVrrp);
    expect(tree.has('carp.version'), `frame ${i + 1}: CARP present`).toBe(isCarp);
    FIELDS.forEach((key, k) => {
      if (IP_FIELDS.has(key) && !isVrrp && !isCarp) return;
      expect(asTshark(key, tree.get(key), tree), `frame ${i + 1} ${key}`).toBe(rows[i][k + EXTRA.length]);
    });
  });
  const src = await fileSource(file);
  const { indexer, names } = await analyzeCaptureIndex(src);
  await src.close?.();
  const ix = indexer.index;
  const col = (row: string[], name: string) => row[EXTRA.length + FIELDS.indexOf(name)];
  for (let r = 0; r < ix.length; r++) {
    if (ix.kind[r] === P.KIND_CARP) {
      const t = rows[ix.frame[r]];
      const at = `frame ${ix.frame[r] + 1}`;
      expect(t[3], `${at}: tshark sees CARP`).not.toBe('');
      expect(Math.abs(ix.tUs[r] / 1e6 - Number(t[1])), `${at} time`).toBeLessThan(1e-6);
      expect(String(ix.vrid[r]), `${at} vhid`).toBe(col(t, 'carp.vhid'));
      expect(String(ix.prio[r]), `${at} advskew`).toBe(col(t, 'carp.advskew'));
      expect(String(ix.demote[r]), `${at} demotion`).toBe(col(t, 'carp.demotion'));
      expect(String(ix.intervalCs[r] / 100), `${at} advbase`).toBe(col(t, 'carp.adver_int'));
      expect(String(ix.ttl[r]), `${at} ttl`).toBe(col(t, 'ip.ttl') || col(t, 'ipv6.hlim'));
      expect(names.endpoint(ix.source[r]).address, `${at} source`).toBe(
        col(t, 'ip.src') || col(t, 'ipv6.src'),
      );
      const ck = ix.flags[r] & P.FLAG_CK_GOOD ? '1' : ix.flags[r] & P.FLAG_CK_BAD ? '0' : '2';
      expect(ck, `${at} checksum status`).toBe(col(t, 'carp.checksum.status'));
      continue;
    }
    if (ix.kind[r] !== P.KIND_VRRP) continue;
    const t = rows[ix.frame[r]];
    const at = `frame ${ix.frame[r] + 1}`;
    expect(t[2], `${at}: tshark sees VRRP`).not.toBe('');
    // µs precision: ns captures are floored to µs, so the two may differ by less than 1 µs.
    expect(Math.abs(ix.tUs[r] / 1e6 - Number(t[1])), `${at} time`).toBeLessThan(1e-6);
    expect(String(ix.vrid[r]), `${at} vrid`).toBe(col(t, 'vrrp.virt_rtr_id'));
    expect(String(ix.prio[r]), `${at} prio`).toBe(col(t, 'vrrp.prio'));
    expect(String(ix.ttl[r]), `${at} ttl`).toBe(col(t, 'ip.ttl') || col(t, 'ipv6.hlim'));
    expect(names.endpoint(ix.source[r]).address, `${at} source`).toBe(col(t, 'ip.src') || col(t, 'ipv6.src'));
    const interval = col(t, 'vrrp.adver_int')
      ? Number(col(t, 'vrrp.adver_int')) * 100
      : Number(col(t, 'vrrp.short_adver_int'));
    expect(ix.intervalCs[r], `${at} interval`).toBe(interval);
    const ck =
      ix.flags[r] & P.FLAG_CK_NO_PSEUDO
        ? '0'
        : ix.flags[r] & P.FLAG_CK_GOOD
          ? '1'
          : ix.flags[r] & P.FLAG_CK_BAD
            ? '0'
            : '2';
    expect(ck, `${at} checksum status`).toBe(col(t, 'vrrp.checksum.status'));
  }
  return vrrpFrames;
}
