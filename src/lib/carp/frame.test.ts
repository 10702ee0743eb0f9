import { describe, expect, it } from 'vitest';
import { carpVirtualMac, ucarpAdvertFrame, ucarpGarpFrame } from './frame';

const bytes = (hex: string) =>
  Uint8Array.from(
    hex
      .replace(/ /g, '')
      .match(/../g)!
      .map((h) => parseInt(h, 16)),
  );

// Frames 6 and 5 of captures/carp/ucarp-kill.pcap (tshark -x): u1's first advert and its GARP.
const REAL_ADVERT = [
  '01005e000012 00005e000007 0800',
  '4510 0038 6936 4000 ff70 3f49 c0a8320b e0000012',
  '2107 0007 0001 b188 8a348d6822bcfbc0 3ff3709462539b443e5618f772fa8d6bb38f3deb',
].join('');
const REAL_GARP =
  'ffffffffffff 020000005011 0806 0001 0800 0604 0001 020000005011 c0a83264 020000005011 c0a83264';

describe('ucarp frames (carp.c carp_send_ad, garp.c)', () => {
  it('an advert is byte for byte the one ucarp sent, given its IP id and counter', () => {
    const frame = ucarpAdvertFrame({
      vhid: 7,
      advbase: 1,
      advskew: 0,
      counter: 0x8a348d6822bcfbc0n,
      pass: 's3cret',
      vaddr: '192.168.50.100',
      src: '192.168.50.11',
      dst: '224.0.0.18',
      ipId: 0x6936,
    });
    expect([...frame]).toEqual([...bytes(REAL_ADVERT)]);
  });

  it('the gratuitous ARP is byte for byte the one ucarp sent', () => {
    expect([...ucarpGarpFrame('02:00:00:00:50:11', '192.168.50.100')]).toEqual([...bytes(REAL_GARP)]);
  });

  it('--nomcast sends to the broadcast MAC; the source is always the vhid virtual MAC', () => {
    const f = ucarpAdvertFrame({
      vhid: 200,
      advbase: 2,
      advskew: 30,
      counter: 1n,
      pass: 'x',
      vaddr: '10.0.0.1',
      src: '10.0.0.2',
      dst: '224.0.0.18',
      ipId: 1,
      nomcast: true,
    });
    expect([...f.subarray(0, 12)]).toEqual([...bytes('ffffffffffff00005e0000c8')]);
    expect(carpVirtualMac(200)).toBe('00:00:5e:00:00:c8');
  });
});
