/**
 * The CARP part of the `analyze` report: one RouterReport per vhid (protocol "carp", `vrid` holding
 * the vhid) and the anomalies CARP's own semantics define (carp-routers.ts).
 */
import type { Names } from './endpoints';
import type { CarpRouterAnalysis } from './carp-routers';
import type * as P from './packet-index';
import { failoverReport, sec, type Anomaly, type RouterReport } from './report';
import type { RouterAnalysis } from './routers';

export function carpRouterReport(r: CarpRouterAnalysis, names: Names): RouterReport {
  return {
    protocol: 'carp',
    vrid: r.vhid,
    family: 'ipv4',
    versions: [2],
    virtualAddresses: [],
    masters: r.runs.map((m) => ({
      source: names.endpoint(m.source).address,
      node: names.node(m.source),
      from: sec(m.fromUs),
      to: sec(m.toUs),
      adverts: m.adverts,
      priorities: [],
      advbase: m.advbase,
      advskews: m.advskews,
      demotes: m.demotes,
    })),
    failovers: r.failovers.map((f) => failoverReport(names, f.atUs, f)),
  };
}

/** Every anomaly of one CARP vhid, and VRRP and CARP using the same id on the capture's LAN. */
export function carpAnomalies(
  r: CarpRouterAnalysis,
  vrrp: readonly RouterAnalysis[],
  ix: P.PacketIndex,
  names: Names,
): Anomaly[] {
  const out: Anomaly[] = [];
  const id = `CARP vhid ${r.vhid}`;
  const add = (code: string, row: number, message: string) =>
    out.push({ code, atUs: ix.tUs[row], vrid: r.vhid, family: 'ipv4', protocol: 'carp', row, message });
  const who = (s: number) => names.label(s);
  for (const [s, row] of r.demotions)
    add(
      'carp-demoted',
      row,
      `${who(s)} advertises ${id} with demotion counter ${ix.demote[row]}: it demoted itself (interface down, pfsync or a maintenance hook), so every peer with a lower counter is preferred`,
    );
  const bySkew = new Map<string, number[]>();
  for (const [s, row] of r.timings) {
    const k = `${ix.intervalCs[row] / 100}/${ix.prio[row]}`;
    bySkew.set(k, [...(bySkew.get(k) ?? []), s]);
  }
  for (const [k, list] of bySkew) {
    if (list.length < 2) continue;
    const [advbase, advskew] = k.split('/');
    add(
      'carp-equal-skew',
      r.timings.get(list[1])!,
      `${list.map(who).join(' and ')} advertise ${id} with the same advbase ${advbase} and advskew ${advskew}: neither is preferred, so who is master depends on timing`,
    );
  }
  if (r.advbases.size > 1)
    add(
      'carp-advbase-mismatch',
      [...r.advbases.values()][1],
      `${id} is advertised with different advbase (${[...r.advbases].map(([b, row]) => `${who(ix.source[row])}: ${b} s`).join(', ')})`,
    );
  if (r.badChecksum.count > 0)
    add('bad-checksum', r.badChecksum.row, `${r.badChecksum.count} adverts of ${id} have a bad checksum`);
  const clash = vrrp.find((v) => v.vrid === r.vhid && v.family === 'ipv4');
  if (clash)
    add(
      'vrrp-carp-same-id',
      r.firstRow,
      `VRRP VRID ${r.vhid} and ${id} share IP protocol 112, group 224.0.0.18 and the id on this LAN: each side discards the other's adverts, but keepalived's master of that VRID was seen to stop advertising while CARP adverts of the id arrived (captures/carp/ucarp-keepalived), so its backups took over now and then`,
    );
  return out;
}
