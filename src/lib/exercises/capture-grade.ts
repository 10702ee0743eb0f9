/**
 * Grades a student's own capture of a failover lab: adverts from both nodes, a failover, the new
 * master's gratuitous ARPs, and ICMP echo to the VIP answered first by the old master's MAC and then
 * by the new one. It reports the failover time and the gap in the pings, and names what is missing
 * with the tcpdump command that would have captured it.
 *
 * VRRP, ARP and NA come from the capture analysis (analyzeCapture). ICMP echo is read here, in a
 * second pass over the file that only the grader makes, so `vrrpscope analyze` is not slowed.
 */
import { analyzeCapture } from '../analysis';
import type { AnalyzeReport, RouterReport } from '../analysis';
import { layoutFrame, newLayout } from '../pcap/layout';
import { readCapture } from '../pcap/reader';
import { bytesSource, isByteSource, type ByteSource } from '../pcap/source';
import { secondsLabel, US_PER_S, type Micros } from '../trace/time';
import type { Trace } from '../trace/types';

export const CAPTURE_CHECKS = ['adverts-both', 'failover', 'garps', 'icmp-old-mac', 'icmp-new-mac'] as const;
export type CaptureCheck = (typeof CAPTURE_CHECKS)[number];

export interface CaptureFinding {
  check: CaptureCheck;
  ok: boolean;
  message: string;
  /** When missing: how to capture it next time. */
  fix?: string;
}

export interface CaptureGrade {
  passed: boolean;
  findings: CaptureFinding[];
  vip: string | null;
  /** The first failover: when (s since the first packet), and the gap since the old master's last advert (s). */
  failoverAt: number | null;
  failoverGap: number | null;
  /** From the last echo reply by the old MAC to the first by the new one, s. */
  pingGap: number | null;
  report: AnalyzeReport;
  trace: Trace;
}

/** One ICMP echo seen on the wire. */
export interface EchoPacket {
  t: Micros;
  request: boolean;
  src: string;
  dst: string;
  srcMac: string;
}

const ICMP = 1;
const ipv4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const mac = (b: Uint8Array, o: number) =>
  Array.from(b.subarray(o, o + 6), (x) => x.toString(16).padStart(2, '0')).join(':');

/** Every ICMPv4 echo request and reply of a capture, times from its first packet. */
export async function readEchoes(source: ByteSource): Promise<EchoPacket[]> {
  const out: EchoPacket[] = [];
  const l = newLayout();
  let first = NaN;
  await readCapture(source, (r) => {
    if (Number.isNaN(first)) first = r.tsUs;
    const b = r.buf;
    if (!layoutFrame(b, r.dataStart + r.dataLength, r.linkType, l, r.dataStart)) return;
    if (l.ipVersion !== 4 || l.proto !== ICMP || l.l4 < 0 || l.l4 >= l.l4End || l.fragment) return;
    const type = b[l.l4];
    if (type !== 0 && type !== 8) return;
    out.push({
      t: r.tsUs - first,
      request: type === 8,
      src: ipv4(b, l.src),
      dst: ipv4(b, l.dst),
      srcMac: l.macSrc >= 0 ? mac(b, l.macSrc) : '',
    });
  });
  return out;
}

/** The tcpdump command that captures everything the grader needs. */
export function tcpdumpCommand(vip: string | null, iface = 'eth0'): string {
  const icmp = vip ? `(icmp and host ${vip})` : 'icmp';
  return `tcpdump -i ${iface} -w failover.pcap 'vrrp or arp or ${icmp}'`;
}

const s = (x: number) => secondsLabel(Math.round(x * US_PER_S));

/** The virtual router the lab is about: the first with a failover, else the first seen. */
function pickRouter(report: AnalyzeReport): RouterReport | null {
  return report.routers.find((r) => r.failovers.length > 0) ?? report.routers[0] ?? null;
}

/** Grades a capture; never throws for bad input (the analysis diagnostics say what was wrong). */
export async function gradeCapture(
  input: ByteSource | Uint8Array,
  opts: { name?: string; iface?: string } = {},
): Promise<CaptureGrade> {
  const source = isByteSource(input) ? input : bytesSource(input as Uint8Array);
  const { report, trace } = await analyzeCapture(source, { name: opts.name });
  const router = pickRouter(report);
  const vip = router?.virtualAddresses[0] ?? null;
  const cmd = tcpdumpCommand(vip, opts.iface);
  const findings: CaptureFinding[] = [];
  const add = (check: CaptureCheck, ok: boolean, message: string, fix?: string) =>
    findings.push({ check, ok, message, ...(ok ? {} : { fix }) });

  const sources = [...new Set(router?.masters.map((m) => m.source) ?? [])];
  add(
    'adverts-both',
    sources.length >= 2,
    router
      ? `VRID ${router.vrid}: adverts from ${sources.join(' and ') || 'no master'}`
      : 'the capture holds no VRRP advert',
    `Start the capture before the failover, on a port that sees both nodes (a third host on the LAN, or the switch's mirror port): ${cmd}`,
  );

  const fo = router?.failovers[0] ?? null;
  add(
    'failover',
    fo !== null,
    fo
      ? `${fo.to} took over from ${fo.from} at ${s(fo.at)} (${fo.cause}, ${s(fo.gap)} after the old master's last advert)`
      : 'no failover in the capture',
    `Keep the capture running while you stop the master (systemctl stop keepalived), and a few seconds after: ${cmd}`,
  );

  // MACs of the two masters, from their adverts.
  const macOf = (address: string | undefined) =>
    trace.packets.find((p) => p.type === 'vrrp' && p.src === address && p.srcMac)?.srcMac ?? null;
  const oldMac = macOf(fo?.from);
  const newMac = macOf(fo?.to);
  const foUs = fo ? Math.round(fo.at * US_PER_S) : 0;
  const garps = fo
    ? trace.packets.filter(
        (p) =>
          p.announce?.gratuitous &&
          router!.virtualAddresses.includes(p.announce.address) &&
          p.srcMac === newMac &&
          p.t >= foUs - 100_000,
      )
    : [];
  add(
    'garps',
    garps.length > 0,
    garps.length
      ? `${garps.length} gratuitous ARP${garps.length > 1 ? 's' : ''} from the new master (${newMac}) from ${s(garps[0].t / US_PER_S)}`
      : fo
        ? `no gratuitous ARP from the new master${newMac ? ` (${newMac})` : ''} after the failover`
        : 'no failover, so no gratuitous ARP to look for',
    `Capture ARP too (the "arp" in the filter): ${cmd}`,
  );

  const echoes = vip ? await readEchoes(source) : [];
  const replies = echoes.filter((e) => !e.request && e.src === vip);
  const asked = echoes.some((e) => e.request && e.dst === vip);
  const oldReplies = replies.filter((e) => e.srcMac === oldMac && e.t < foUs);
  const firstNew = replies.find((e) => e.srcMac === newMac && e.t >= foUs - 100_000);
  const pingFix = `Ping ${vip ?? 'the VIP'} from a third host (ping -i 0.2 ${vip ?? 'VIP'}) during the whole capture, and capture ICMP: ${cmd}`;
  const noIcmp = echoes.length === 0 ? 'the capture holds no ICMP echo' : asked ? '' : `no ping to ${vip}`;
  add(
    'icmp-old-mac',
    oldReplies.length > 0,
    oldReplies.length
      ? `${oldReplies.length} echo replies from ${vip} with the old master's MAC ${oldMac} before the failover`
      : noIcmp ||
          `no echo reply from ${vip} with the old master's MAC${oldMac ? ` ${oldMac}` : ''} before the failover`,
    pingFix,
  );
  add(
    'icmp-new-mac',
    firstNew !== undefined,
    firstNew
      ? `the first echo reply with the new master's MAC ${newMac} at ${s(firstNew.t / US_PER_S)}`
      : noIcmp ||
          `no echo reply from ${vip} with the new master's MAC${newMac ? ` ${newMac}` : ''} after the failover`,
    pingFix,
  );
  const lastOld = oldReplies.at(-1);
  const pingGap = lastOld && firstNew ? (firstNew.t - lastOld.t) / US_PER_S : null;
  return {
    passed: findings.every((f) => f.ok),
    findings,
    vip,
    failoverAt: fo?.at ?? null,
    failoverGap: fo?.gap ?? null,
    pingGap,
    report,
    trace,
  };
}
