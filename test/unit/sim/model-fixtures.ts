/**
 * Hand-built keepalived models for simulator tests (what the parser gives after keepalived's
 * completion step, §7), so the simulator is tested on its own.
 */
import type { GlobalDefs, KeepalivedConfig, VrrpInstance, VrrpScript } from '../../../src/lib/config/model';
import { linkLocalFromMac, parseCidr } from '../../../src/lib/net/address';
import type { RouterSpec, SimInterface } from '../../../src/lib/sim/types';

export function globalDefs(over: Partial<GlobalDefs> = {}): GlobalDefs {
  return {
    vrrpVersion: 2, vrrpMcastGroup4: '224.0.0.18', vrrpMcastGroup6: 'ff02::12', vrrpStrict: false, enableScriptSecurity: false,
    vrrpGarpMasterDelayS: 5, vrrpGarpMasterRepeat: 5, vrrpGarpMasterRefreshS: 0, vrrpGarpMasterRefreshRepeat: 1,
    vrrpGarpIntervalUs: 0, vrrpGnaIntervalUs: 0, vrrpLowerPrioNoAdvert: false, vrrpHigherPrioSendAdvert: false,
    vrrpDownTimerAdverts: 3, vrrpSkipCheckAdvAddr: false, vrrpCheckUnicastSrc: false, vrrpStartupDelayS: 0, ...over,
  };
}

export function instance(name: string, vrid: number, priority: number, vips: string[], over: Partial<VrrpInstance> = {}): VrrpInstance {
  const family = vips[0]?.includes(':') ? 'ipv6' : 'ipv4';
  return {
    name, interface: 'eth2', state: 'BACKUP', vrid, priority, priorityGiven: true, version: family === 'ipv6' ? 3 : 2, family,
    advertIntervalCs: 100, vips: vips.map((v) => ({ ...parseCidr(v)! })), excludedVips: [], preempt: true, preemptDelayS: 0,
    trackScripts: [], trackInterfaces: [], trackFiles: [], dontTrackPrimary: false, unicastPeers: [], unicastTtl: 255,
    garpMasterDelayS: 5, garpMasterRepeat: 5, garpMasterRefreshS: 0, garpMasterRefreshRepeat: 1, useVmac: false, vmacXmitBase: false,
    lowerPrioNoAdvert: false, higherPrioSendAdvert: false, downTimerAdverts: 3, skipCheckAdvAddr: false, strictMode: false, notify: {},
    ...over,
  };
}

export function script(name: string, command: string, over: Partial<VrrpScript> = {}): VrrpScript {
  return { name, script: command, intervalS: 2, timeoutS: 2, weight: 0, weightReverse: false, rise: 1, fall: 1, initFail: false, ...over };
}

export function config(instances: VrrpInstance[], scripts: VrrpScript[] = [], over: Partial<KeepalivedConfig> = {}): KeepalivedConfig {
  return { globalDefs: globalDefs(), scripts, instances, syncGroups: [], skipped: [], ...over };
}

export function iface(name: string, mac: string, ...cidrs: string[]): SimInterface {
  return { name, mac, addresses: cidrs.map((c) => parseCidr(c)!), linkLocal: linkLocalFromMac(mac) };
}

export function router(name: string, mac: string, cidr: string, cfg: KeepalivedConfig, processes: string[] = []): RouterSpec {
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
