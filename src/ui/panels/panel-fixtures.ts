/**
 * A small real trace for the panels' tests: two keepalived nodes on one VRID, adverts encoded with the
 * project's codec (src/lib/vrrp), and a failover after haproxy dies on the first (docs/vrrp-behaviour.md §4.8).
 */
import type { StateCause, Trace, TraceEvent, TracePacket, VrrpState } from '../../lib/trace/types';
import { decodeAdvert, encodeAdvert } from '../../lib/vrrp/advert';
import { advertFrame, garpFrame, LINKTYPE_ETHERNET } from '../../lib/vrrp/wire';
import { VRRP_MCAST_V4 } from '../../lib/vrrp/constants';
import { parseIP } from '../../lib/net/address';

const NODES = [
  { id: 'prod-haproxy-000', ip: '192.168.3.4', mac: 'bc:76:4e:05:6c:1c' },
  { id: 'prod-haproxy-001', ip: '192.168.3.5', mac: 'bc:76:4e:05:6c:1d' },
];

function advert(index: number, t: number, node: 0 | 1, priority: number): TracePacket {
  const n = NODES[node];
  const vrrp = encodeAdvert({
    version: 2,
    family: 'ipv4',
    vrid: 200,
    priority,
    advertIntervalCs: 100,
    addresses: ['192.168.3.200'],
    src: n.ip,
    dst: VRRP_MCAST_V4,
  });
  const bytes = advertFrame({
    family: 'ipv4',
    srcMac: n.mac,
    src: n.ip,
    dst: VRRP_MCAST_V4,
    ipId: index,
    vrrp,
  });
  const decoded = decodeAdvert(bytes, 34, bytes.length - 34, {
    family: 'ipv4',
    src: parseIP(n.ip)!.bytes,
    dst: parseIP(VRRP_MCAST_V4)!.bytes,
  });
  if (!decoded.ok) throw new Error('fixture advert does not decode');
  return {
    index,
    t,
    node: n.id,
    instance: `${n.id}/VI_200`,
    type: 'vrrp',
    srcMac: n.mac,
    dstMac: '01:00:5e:00:00:12',
    src: n.ip,
    dst: VRRP_MCAST_V4,
    ttl: 255,
    vrrp: decoded.fields,
    bytes,
    linkType: LINKTYPE_ETHERNET,
  };
}

type StateEvent = Extract<TraceEvent, { kind: 'state' }>;

function state(
  t: number,
  node: 0 | 1,
  from: VrrpState,
  to: VrrpState,
  cause: StateCause,
  detail: string,
): StateEvent {
  const id = NODES[node].id;
  return { t, kind: 'state', node: id, instance: `${id}/VI_200`, from, to, cause, detail };
}

/**
 * 000 is master at 100 and sends adverts each second until 10 s (its last one at priority 98 after
 * chk_haproxy fails at 9.5 s); 001 (99) takes over at 10 s + 3.613281 s with a GARP.
 */
export function pandaLikeTrace(nodeName = (id: string) => id): Trace {
  const packets: TracePacket[] = [];
  const events: TraceEvent[] = [];
  for (let s = 1; s <= 10; s++) {
    const p = advert(packets.length, s * 1_000_000, 0, s === 10 ? 98 : 100);
    packets.push(p);
    events.push({ t: p.t, kind: 'advert-sent', node: p.node!, instance: p.instance!, packet: p.index });
  }
  events.splice(0, 0, state(1_000_000 - 1, 0, 'BACKUP', 'MASTER', 'master-down-timer', ''));
  events.push(
    state(0, 1, 'INIT', 'BACKUP', 'startup', ''),
    { t: 9_500_000, kind: 'process', node: NODES[0].id, process: 'haproxy', running: false },
    {
      t: 9_500_000,
      kind: 'priority',
      node: NODES[0].id,
      instance: `${NODES[0].id}/VI_200`,
      from: 100,
      to: 98,
      base: 100,
      terms: [{ source: 'chk_haproxy', kind: 'script', delta: -2, status: 'failed' }],
    },
  );
  const takeover = 10_000_000 + 3_613_281;
  const p = advert(packets.length, takeover, 1, 99);
  packets.push(p);
  const garp = garpFrame(NODES[1].mac, '192.168.3.200');
  packets.push({
    index: packets.length,
    t: takeover + 10,
    node: NODES[1].id,
    type: 'arp',
    src: '192.168.3.200',
    dst: '192.168.3.200',
    srcMac: NODES[1].mac,
    dstMac: 'ff:ff:ff:ff:ff:ff',
    announce: { address: '192.168.3.200', mac: NODES[1].mac, gratuitous: true },
    bytes: garp,
    linkType: LINKTYPE_ETHERNET,
  });
  events.push(
    state(takeover, 1, 'BACKUP', 'MASTER', 'preempt', 'priority 99 > 98'),
    state(takeover, 0, 'MASTER', 'BACKUP', 'higher-priority-advert', ''),
    {
      t: takeover,
      kind: 'advert-sent',
      node: NODES[1].id,
      instance: `${NODES[1].id}/VI_200`,
      packet: p.index,
    },
    {
      t: takeover,
      kind: 'failover',
      router: 'ipv4/200',
      vrid: 200,
      from: NODES[0].id,
      to: NODES[1].id,
      gapUs: 3_613_281,
      cause: 'higher priority 99 > 98',
    },
  );
  events.sort((a, b) => a.t - b.t);
  return {
    origin: { source: 'simulation', name: 'panda-like', epochUs: 0 },
    nodes: NODES.map((n) => ({
      id: n.id,
      name: nodeName(n.id),
      role: 'router' as const,
      interfaces: [{ name: 'eth2', mac: n.mac, addresses: [`${n.ip}/24`] }],
    })),
    instances: NODES.map((n, k) => ({
      id: `${n.id}/VI_200`,
      node: n.id,
      name: 'VI_200',
      vrid: 200,
      family: 'ipv4' as const,
      version: 2 as const,
      interface: 'eth2',
      basePriority: k === 0 ? 100 : 99,
      advertIntervalCs: 100,
      vips: ['192.168.3.200'],
      router: 'ipv4/200',
      preempt: true,
    })),
    routers: [{ key: 'ipv4/200', vrid: 200, family: 'ipv4', vips: ['192.168.3.200'] }],
    services: [],
    packets,
    events,
    diagnostics: [],
    endUs: 20_000_000,
  };
}
