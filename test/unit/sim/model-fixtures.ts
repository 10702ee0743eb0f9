/**
 * Hand-built keepalived models for simulator tests (what the parser gives after keepalived's
 * completion step, §7), so the simulator is tested on its own.
 */
import type { GlobalDefs, KeepalivedConfig, VrrpInstance, VrrpScript } from '../../../src/lib/config/model';
import { linkLocalFromMac, parseCidr } from '../../../src/lib/net/address';
import { defaultGlobalDefs, newInstance } from '../../../src/lib/config/draft';
import type { RouterSpec, SimInterface } from '../../../src/lib/sim/types';

export function globalDefs(over: Partial<GlobalDefs> = {}): GlobalDefs {
  return { ...defaultGlobalDefs(), ...over };
}

export function instance(
  name: string,
  vrid: number,
  priority: number,
  vips: string[],
  over: Partial<VrrpInstance> = {},
): VrrpInstance {
  const family = vips[0]?.includes(':') ? 'ipv6' : 'ipv4';
  return {
    ...newInstance(name, { line: 1, col: 1, endLine: 1, endCol: 1 }),
    interface: 'eth2',
    vrid,
    priority,
    priorityGiven: true,
    version: family === 'ipv6' ? 3 : 2,
    family,
    vips: vips.map((v) => ({ ...parseCidr(v)! })),
    ...over,
  };
}

export function script(name: string, command: string, over: Partial<VrrpScript> = {}): VrrpScript {
  return {
    name,
    script: command,
    intervalS: 2,
    timeoutS: 2,
    weight: 0,
    weightReverse: false,
    rise: 1,
    fall: 1,
    initFail: false,
    ...over,
  };
}

export function config(
  instances: VrrpInstance[],
  scripts: VrrpScript[] = [],
  over: Partial<KeepalivedConfig> = {},
): KeepalivedConfig {
  return { globalDefs: globalDefs(), scripts, instances, syncGroups: [], skipped: [], ...over };
}

export function iface(name: string, mac: string, ...cidrs: string[]): SimInterface {
  return { name, mac, addresses: cidrs.map((c) => parseCidr(c)!), linkLocal: linkLocalFromMac(mac) };
}

export function router(
  name: string,
  mac: string,
  cidr: string,
  cfg: KeepalivedConfig,
  processes: string[] = [],
): RouterSpec {
  return { name, interfaces: [iface('eth2', mac, cidr)], config: cfg, processes };
}

/** The seed's two nodes (§4.8), as models. */
export function pandaRouters(): RouterSpec[] {
  const chk = script('chk_haproxy', 'killall -0 haproxy', { weight: -2 });
  const track = [{ name: 'chk_haproxy', weight: -2, reverse: false }];
  const a = config(
    [
      instance('192.168.3.200', 200, 100, ['192.168.3.200'], { state: 'MASTER', trackScripts: track }),
      instance('192.168.3.201', 201, 99, ['192.168.3.201'], { state: 'MASTER', trackScripts: track }),
    ],
    [chk],
  );
  const b = config(
    [
      instance('192.168.3.201', 201, 100, ['192.168.3.201'], { state: 'MASTER', trackScripts: track }),
      instance('192.168.3.200', 200, 99, ['192.168.3.200'], { state: 'MASTER', trackScripts: track }),
    ],
    [chk],
  );
  return [
    router('prod-haproxy-000', 'bc:76:4e:05:6c:1c', '192.168.3.4/24', a, ['haproxy']),
    router('prod-haproxy-001', 'bc:76:4e:05:eb:70', '192.168.3.5/24', b, ['haproxy']),
  ];
}
