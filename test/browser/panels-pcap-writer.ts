/**
 * Writes a large classic-pcap capture of VRRP traffic for the capture-replay browser test, with frames
 * built by the project's codec (src/lib/vrrp/wire.ts): `vrids` virtual routers advertised once a second
 * by node A until half time, then (after a Master_Down_Interval of silence) by node B — one failover
 * per VRID.
 */
import { advertFrame, LINKTYPE_ETHERNET } from '../../src/lib/vrrp/wire';
import { encodeAdvert } from '../../src/lib/vrrp/advert';
import { VRRP_MCAST_V4 } from '../../src/lib/vrrp/constants';
import { masterDownUs } from '../../src/lib/vrrp/timers';

const NODES = [
  { ip: '10.1.0.4', mac: '02:00:00:00:00:04', priority: 100 },
  { ip: '10.1.0.5', mac: '02:00:00:00:00:05', priority: 99 },
];

function frame(node: (typeof NODES)[number], vrid: number): Uint8Array {
  const vrrp = encodeAdvert({
    version: 2,
    family: 'ipv4',
    vrid,
    priority: node.priority,
    advertIntervalCs: 100,
    addresses: [`10.1.${vrid >> 8}.${vrid & 255}`],
    src: node.ip,
    dst: VRRP_MCAST_V4,
  });
  return advertFrame({
    family: 'ipv4',
    srcMac: node.mac,
    src: node.ip,
    dst: VRRP_MCAST_V4,
    ipId: vrid,
    vrrp,
  });
}

/** A pcap of `packets` adverts (rounded down to whole seconds × vrids). */
export function largeVrrpCapture(packets: number, vrids = 100): Uint8Array {
  const seconds = Math.floor(packets / vrids);
  const frames = NODES.map((n) => Array.from({ length: vrids }, (_, k) => frame(n, k + 1)));
  const frameLen = frames[0][0].length;
  const out = new Uint8Array(24 + seconds * vrids * (16 + frameLen));
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, LINKTYPE_ETHERNET, true);
  const epochS = 1_795_627_444;
  const takeoverUs = masterDownUs(2, NODES[1].priority, 1_000_000);
  let at = 24;
  for (let s = 0; s < seconds; s++) {
    const second = s < seconds / 2 ? 0 : 1;
    for (let v = 0; v < vrids; v++) {
      // B's adverts run on its own clock, which started at A's last advert + Master_Down_Interval.
      const us = s * 1_000_000 + v * 100 + (second === 1 ? takeoverUs - 1_000_000 : 0);
      view.setUint32(at, epochS + Math.floor(us / 1e6), true);
      view.setUint32(at + 4, us % 1_000_000, true);
      view.setUint32(at + 8, frameLen, true);
      view.setUint32(at + 12, frameLen, true);
      out.set(frames[second][v], at + 16);
      at += 16 + frameLen;
    }
  }
  return out;
}
