/**
 * What `ip addr show` and net-tools' `ifconfig` print for a node's interfaces at a moment of the trace.
 * The point of the story: keepalived adds each VIP as a secondary /32 without a label, so `ip addr`
 * lists it and `ifconfig` (one IPv4 address per interface name) does not.
 */
import type { NodeFrame } from '../../lib/trace/frame';
import type { TraceInterface, TraceNode } from '../../lib/trace/types';
import { ipv4Broadcast, linkLocalFromMac, parseCidr } from '../../lib/net/address';

/** Kernel interface index: lo is 1, so ethN is N + 2 (eth2 is 4, as in the story). */
function ifIndex(name: string, position: number): number {
  const m = /^eth(\d+)$/.exec(name);
  return m ? Number(m[1]) + 2 : position + 2;
}

function netmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
}

function isV6(address: string): boolean {
  return address.includes(':');
}

/** `ip addr show` for every interface of the node. */
export function ipAddrShow(node: TraceNode, frame: NodeFrame | undefined): string {
  return node.interfaces.map((itf, k) => ipAddrInterface(itf, k, frame)).join('\n');
}

function ipAddrInterface(itf: TraceInterface, position: number, frame: NodeFrame | undefined): string {
  const up = frame?.links[itf.name] ?? true;
  const flags = up ? 'BROADCAST,MULTICAST,UP,LOWER_UP' : 'NO-CARRIER,BROADCAST,MULTICAST,UP';
  const lines = [
    `${ifIndex(itf.name, position)}: ${itf.name}: <${flags}> mtu 1500 qdisc pfifo_fast state ${up ? 'UP' : 'DOWN'} qlen 1000`,
    `    link/ether ${itf.mac} brd ff:ff:ff:ff:ff:ff`,
  ];
  const vips = frame?.vips[itf.name] ?? [];
  for (const a of itf.addresses) {
    const c = parseCidr(a);
    if (!c || c.family !== 'ipv4') continue;
    lines.push(
      `    inet ${c.address}/${c.prefix} brd ${ipv4Broadcast(c.address, c.prefix)} scope global ${itf.name}`,
    );
  }
  for (const v of vips.filter((a) => !isV6(a))) lines.push(`    inet ${v}/32 scope global ${itf.name}`);
  for (const v of vips.filter(isV6)) {
    lines.push(`    inet6 ${v}/128 scope global`, '       valid_lft forever preferred_lft forever');
  }
  for (const a of itf.addresses) {
    const c = parseCidr(a);
    if (!c || c.family !== 'ipv6') continue;
    lines.push(
      `    inet6 ${c.address}/${c.prefix} scope global`,
      '       valid_lft forever preferred_lft forever',
    );
  }
  lines.push(
    `    inet6 ${linkLocalFromMac(itf.mac)}/64 scope link`,
    '       valid_lft forever preferred_lft forever',
  );
  return lines.join('\n');
}

/** net-tools `ifconfig`: one IPv4 address per interface name, so unlabelled secondaries are missing. */
export function ifconfig(node: TraceNode, frame: NodeFrame | undefined): string {
  return node.interfaces.map((itf) => ifconfigInterface(itf, frame)).join('\n\n');
}

function ifconfigInterface(itf: TraceInterface, frame: NodeFrame | undefined): string {
  const up = frame?.links[itf.name] ?? true;
  const lines = [
    `${itf.name}: flags=${up ? '4163<UP,BROADCAST,RUNNING,MULTICAST>' : '4099<UP,BROADCAST,MULTICAST>'}  mtu 1500`,
  ];
  const primary = itf.addresses.map((a) => parseCidr(a)).find((c) => c?.family === 'ipv4');
  if (primary) {
    const brd = ipv4Broadcast(primary.address, primary.prefix);
    lines.push(`        inet ${primary.address}  netmask ${netmask(primary.prefix)}  broadcast ${brd}`);
  }
  const v6 = [
    ...(frame?.vips[itf.name] ?? []).filter(isV6).map((a) => `${a}/128`),
    ...itf.addresses.filter(isV6),
  ];
  for (const a of v6) {
    const c = parseCidr(a);
    if (c) lines.push(`        inet6 ${c.address}  prefixlen ${c.prefix}  scopeid 0x0<global>`);
  }
  lines.push(`        inet6 ${linkLocalFromMac(itf.mac)}  prefixlen 64  scopeid 0x20<link>`);
  lines.push(`        ether ${itf.mac}  txqueuelen 1000  (Ethernet)`);
  return lines.join('\n');
}

/** Addresses that `ip addr` shows and `ifconfig` hides (the secondary IPv4 VIPs). */
export function hiddenFromIfconfig(node: TraceNode, frame: NodeFrame | undefined): string[] {
  return node.interfaces.flatMap((itf) => (frame?.vips[itf.name] ?? []).filter((a) => !isV6(a)));
}
