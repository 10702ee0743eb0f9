/** Building blocks for library scenarios: nodes and clients on one Ethernet segment. */
import type { ScenarioClient, ScenarioNode } from '../scenario/types';

/** A keepalived node with one interface (default `eth0`). */
export function lanNode(
  name: string,
  cidr: string,
  mac: string,
  config: string,
  processes: string[] = [],
  ifname = 'eth0',
): ScenarioNode {
  return { name, interfaces: { [ifname]: [cidr] }, mac: { [ifname]: mac }, config, processes };
}

/** An application server that reaches the VIP through its /etc/hosts. */
export function appClient(
  name: string,
  cidr: string,
  hosts: Record<string, string>,
  ifname = 'eth0',
): ScenarioClient {
  return { name, interfaces: { [ifname]: [cidr] }, hosts };
}
