/**
 * The problems keepalived users hit most (docs/keepalived-outputs.md §5.2), checked against the
 * evidence as a whole. Each diagnosis cites its evidence, says what would settle it when the
 * evidence cannot, and reports the evidence's own limits.
 */
import { lintScenario } from '../config/index';
import type { EvidenceRef } from '../trace/cause';
import { secondsLabel } from '../trace/time';
import type { DumpStats } from './dumps';
import type { Diagnosis, Investigation } from './investigation';

export type { Diagnosis } from './investigation';
import type { SourceRead } from './sources';

/** keepalived.stats counters → diagnoses (issue 11 §1). */
const COUNTERS: [keyof DumpStats, string, string][] = [
  [
    'ttlErr',
    'ttl-rewritten',
    'adverts arrived with a TTL other than 255: they crossed a router (or something rewrote the TTL)',
  ],
  [
    'addrListErr',
    'config-drift',
    'adverts arrived with a different VIP list: the nodes list different VIPs, or another cluster uses the VRID',
  ],
  [
    'advertIntervalErr',
    'interval-mismatch',
    'adverts arrived with a different advert_int: the nodes disagree on the interval',
  ],
  ['authFailure', 'auth-mismatch', 'adverts failed authentication: the nodes have different auth_pass'],
  ['authTypeMismatch', 'auth-mismatch', 'adverts arrived with another auth_type'],
  ['invalidAuthType', 'auth-mismatch', 'adverts arrived with an invalid auth type'],
];

const lineRef = (s: SourceRead, line: number, text: string, t = 0): EvidenceRef => ({
  kind: 'log-line',
  t,
  source: s.index,
  line,
  text,
});

export function diagnose(inv: Investigation): Diagnosis[] {
  const out: Diagnosis[] = [];
  const name = (s: SourceRead) => s.pinnedNode ?? inv.nodes.ofLane(s.index)?.name ?? s.file;
  const hasPerNodeCaptures = inv.sources.filter((s) => s.capture).length > 1;

  // 1. Both MASTER: multicast not delivered (one way or both).
  for (const inc of inv.incidents.filter((i) => i.kind === 'split-brain')) {
    // The last second or so before the end holds the advert that healed it.
    const oneWay = oneWayLoss(inv, inc.from!, inc.to!, inc.start, inc.end - 1.5 * 1e6);
    out.push({
      code: 'multicast-not-delivered',
      severity: 'error',
      message: `${inc.from} and ${inc.to} were both MASTER of VRID ${inc.vrid} for ${secondsLabel(inc.end - inc.start)}: adverts were not delivered${oneWay ? ` (${oneWay})` : ''}. Usual causes: a cloud network or VMware port group without multicast, a host firewall (nftables/iptables dropping proto 112), IGMP snooping`,
      evidence: inc.evidence,
      settle: hasPerNodeCaptures
        ? undefined
        : `a capture on each node (tcpdump -i IFACE -w node.pcap 'vrrp or arp') would show whose adverts do not arrive`,
    });
  }
  // Stats counters, and `Became master` growing on more than one node between two dumps.
  const grew = new Map<string, SourceRead[]>();
  const firstDump = new Map<string, { s: SourceRead; stats: DumpStats }>();
  for (const s of inv.sources) {
    if (!s.dump) continue;
    for (const i of s.dump.instances) {
      const st = i.stats;
      if (!st) continue;
      for (const [k, code, why] of COUNTERS)
        if (
          (st[k] ?? 0) > 0 &&
          !out.some(
            (d) => d.code === code && d.evidence.some((e) => e.kind === 'log-line' && e.source === s.index),
          )
        )
          out.push({
            code,
            severity: 'warning',
            message: `${name(s)} (${i.name}): ${st[k]} ${why}`,
            evidence: [lineRef(s, i.line ?? 1, `${i.name}: ${String(k)} = ${st[k]}`)],
          });
      const key = `${name(s)}/${i.name}`;
      const prev = firstDump.get(key);
      if (!prev) firstDump.set(key, { s, stats: st });
      else if ((st.becomeMaster ?? 0) > (prev.stats.becomeMaster ?? 0))
        grew.set(i.name, [...(grew.get(i.name) ?? []), s]);
    }
  }
  for (const [inst, list] of grew) {
    const nodesGrew = new Set(list.map(name));
    if (nodesGrew.size > 1)
      out.push({
        code: 'became-master-on-several-nodes',
        severity: 'warning',
        message: `"Became master" of ${inst} grew between dumps on ${[...nodesGrew].join(' and ')}: flapping or a split brain`,
        evidence: list.map((s) => lineRef(s, 1, `${inst}: Became master grew`)),
      });
  }
  // Log rejection lines: drift, collision, TTL, auth, interval, v2/v3.
  const rejects = new Map<string, EvidenceRef[]>();
  for (const s of inv.sources) {
    const lines = s.log?.lines;
    if (!lines) continue;
    for (const [i, f] of lines.facts)
      if (f.kind === 'reject')
        rejects.set(f.reason, [
          ...(rejects.get(f.reason) ?? []),
          lineRef(s, lines.line[i], lines.text(i), lines.stamp(i) ?? 0),
        ]);
  }
  const capVipSets = vipSetsPerVrid(inv);
  const collision = [...capVipSets].filter(([, sets]) => sets.size > 1);
  for (const [vrid, sets] of collision) {
    const sources = new Set([...sets.values()].flat());
    const pairs = [...sets.keys()];
    const code = sources.size > 2 ? 'vrid-collision' : 'config-drift';
    out.push({
      code,
      severity: 'error',
      message:
        code === 'vrid-collision'
          ? `VRID ${vrid} is advertised with ${sets.size} different VIP lists by ${sources.size} routers (${pairs.map((p) => `{${p}} from ${sets.get(p)!.join(', ')}`).join('; ')}): another cluster uses the same VRID on this LAN, and each rejects the other's adverts`
          : `VRID ${vrid}: the nodes advertise different VIP lists (${pairs.map((p) => `{${p}} from ${sets.get(p)!.join(', ')}`).join('; ')}): each discards the other's adverts (Address List errors) and both become MASTER`,
      evidence: (rejects.get('address-list') ?? []).slice(0, 3),
    });
  }
  if (collision.length === 0 && rejects.has('address-list'))
    out.push({
      code: 'config-drift',
      severity: 'error',
      message: `keepalived rejected adverts whose VIP list differs from its own (${rejects.get('address-list')!.length} lines): the nodes' VIP lists differ, or another cluster uses the VRID`,
      evidence: rejects.get('address-list')!.slice(0, 3),
      settle:
        "the configs of every node (--config) or a capture (-v shows each advert's addresses) would tell drift from a collision",
    });
  const REJECT_DIAG: Record<string, [string, string]> = {
    ttl: [
      'ttl-rewritten',
      'keepalived rejected adverts whose TTL is not 255: they crossed a router or something rewrote the TTL',
    ],
    auth: [
      'auth-mismatch',
      'keepalived rejected adverts that failed authentication: auth_type or auth_pass differ',
    ],
    interval: [
      'interval-mismatch',
      'keepalived rejected adverts with another advert_int: the interval differs between the nodes',
    ],
    checksum: [
      'v2-v3-interop',
      'keepalived rejected adverts with a bad checksum: VRRPv2/v3 or unicast checksum variants differ',
    ],
    version: ['v2-v3-interop', 'keepalived rejected adverts of another VRRP version'],
    'unicast-peer': [
      'config-drift',
      'keepalived rejected adverts from an address that is not in its unicast_peer list',
    ],
  };
  for (const [reason, [code, message]] of Object.entries(REJECT_DIAG))
    if (rejects.has(reason) && !out.some((d) => d.code === code))
      out.push({
        code,
        severity: 'warning',
        message: `${message} (${rejects.get(reason)!.length} lines)`,
        evidence: rejects.get(reason)!.slice(0, 3),
      });
  // Capture anomalies of the analysis.
  for (const s of inv.sources) {
    const cap = s.capture;
    if (!cap) continue;
    const ANOMALY: Record<string, string> = {
      'ttl-not-255': 'ttl-rewritten',
      'version-mismatch': 'v2-v3-interop',
      'interval-mismatch': 'interval-mismatch',
      'auth-mismatch': 'auth-mismatch',
      'no-garp-after-takeover': 'no-garp',
      'late-adverts': 'late-adverts',
      'vrid-clash': 'vrid-collision',
    };
    for (const a of cap.report.anomalies) {
      const code = ANOMALY[a.code];
      if (!code || out.some((d) => d.code === code && d.message.includes(a.message))) continue;
      // The VIP-list comparison above already names the clash (as drift or as a collision).
      if (
        a.code === 'vrid-clash' &&
        out.some((d) => d.code === 'config-drift' || d.code === 'vrid-collision')
      )
        continue;
      out.push({
        code,
        severity: code === 'late-adverts' ? 'info' : 'warning',
        message: `VRID ${a.vrid}: ${a.message}`,
        evidence: [
          {
            kind: 'packet',
            t: cap.epochUs + Math.round(a.at * 1e6),
            source: s.index,
            packet: 0,
            text: `${s.file} at ${a.at.toFixed(6)} s`,
          },
        ],
        settle:
          code === 'no-garp'
            ? "a capture from a client's vantage point would show whether the GARPs reached it"
            : undefined,
      });
    }
    if (cap.report.vrrpPackets === 0 && cap.report.carpPackets === 0)
      out.push({
        code: 'capture-without-vrrp',
        severity: 'warning',
        message: `${s.file} holds no VRRP (nor CARP) at all: capture with \`tcpdump -i IFACE -w x.pcap 'vrrp or arp or icmp6'\``,
        evidence: [],
      });
  }
  // Flapping.
  for (const inc of inv.incidents.filter((i) => i.kind === 'flapping'))
    out.push({
      code: 'flapping',
      severity: 'warning',
      message: `${inc.summary}: late or bunched adverts (load, I/O stalls, a busy hypervisor) or a link that comes and goes`,
      evidence: inc.evidence,
      settle:
        'a capture on the backup would show whether adverts arrived late (the analysis reports their jitter)',
    });
  // Config findings that explain behaviour: nopreempt, weights that never move the master, drift.
  const configs = inv.sources.filter((s) => s.config);
  if (configs.length > 0) {
    const { findings } = lintScenario(
      configs.map((s) => ({
        node:
          s.pinnedNode ??
          s.config!.model.globalDefs.routerId ??
          s.file.replace(/^.*[/\\]/, '').replace(/\.conf$/, ''),
        config: s.config!.model,
      })),
    );
    const LINT: Record<string, string> = {
      'lint.master-nopreempt': 'nopreempt-ignored',
      'lint.weight-no-effect': 'weights-never-move-master',
      'lint.vrid-vips-differ': 'config-drift',
      'lint.vrid-advert-int-differs': 'config-drift',
      'lint.vrid-auth-differs': 'config-drift',
      'lint.vrid-version-differs': 'config-drift',
      'lint.unicast-peer-missing': 'config-drift',
    };
    for (const f of findings) {
      const code = LINT[f.code];
      if (!code || f.severity === 'info') continue;
      const s = configs.find((c) => c.file === (f.at as { file?: string } | undefined)?.file) ?? configs[0];
      out.push({
        code,
        severity: f.severity,
        message: f.message,
        evidence: [lineRef(s, (f.at as { line?: number } | undefined)?.line ?? 1, f.message)],
      });
    }
    // A track_script the configs name that no log ever shows running.
    for (const c of configs)
      for (const inst of c.config!.model.instances)
        for (const tr of inst.trackScripts) {
          const logs = inv.sources.filter(
            (s) =>
              s.log && inv.nodes.ofLane(s.index)?.name === (c.pinnedNode ?? inv.nodes.ofLane(c.index)?.name),
          );
          if (logs.length === 0) continue;
          const ran = logs.some((s) =>
            s.log!.lines.some(
              (text) => text.includes(`VRRP_Script(${tr.name})`) || text.includes(`Script \`${tr.name}\``),
            ),
          );
          if (!ran)
            out.push({
              code: 'track-script-never-runs',
              severity: 'warning',
              message: `${name(c)}: ${inst.name} tracks ${tr.name}, but the log never shows it running (script_security and script_user, a missing binary, or a weight dropped for an owner or sync-group member)`,
              evidence: [lineRef(c, tr.at?.line ?? 1, `track_script ${tr.name}`)],
            });
        }
  }
  // Dumps against configs: base priority, VIPs, interval.
  for (const d of inv.sources.filter((s) => s.dump && s.dump.kind !== 'keepalived-stats')) {
    const node = name(d);
    const conf = configs.find((c) => (c.pinnedNode ?? inv.nodes.ofLane(c.index)?.name) === node);
    if (!conf) continue;
    for (const i of d.dump!.instances) {
      const ci = conf.config!.model.instances.find((x) => x.name === i.name);
      if (!ci) continue;
      const diffs: string[] = [];
      if (i.basePriority !== undefined && i.basePriority !== ci.priority)
        diffs.push(`priority ${i.basePriority} running, ${ci.priority} configured`);
      if (i.advertInterval !== undefined && Math.round(i.advertInterval * 100) !== ci.advertIntervalCs)
        diffs.push(`advert_int ${i.advertInterval} s running, ${ci.advertIntervalCs / 100} s configured`);
      const cv = ci.vips
        .map((v) => v.address)
        .sort()
        .join(' ');
      if (i.vips && i.vips.slice().sort().join(' ') !== cv)
        diffs.push(`VIPs ${i.vips.join(' ')} running, ${cv} configured`);
      if (diffs.length > 0)
        out.push({
          code: 'dump-differs-from-config',
          severity: 'warning',
          message: `${node} (${i.name}): the running daemon differs from ${conf.file}: ${diffs.join('; ')} (was it reloaded?)`,
          evidence: [
            lineRef(d, i.line ?? 1, `${i.name}`),
            lineRef(conf, ci.at?.line ?? 1, `vrrp_instance ${ci.name}`),
          ],
        });
    }
  }
  // Adverts that arrived but were rejected explain two masters better than lost multicast.
  const EXPLAINS = [
    'config-drift',
    'vrid-collision',
    'interval-mismatch',
    'auth-mismatch',
    'v2-v3-interop',
    'ttl-rewritten',
  ];
  const explained =
    out.find((d) => EXPLAINS.includes(d.code) && d.severity === 'error') ??
    out.find((d) => EXPLAINS.includes(d.code));
  let kept = explained ? out.filter((d) => d.code !== 'multicast-not-delivered') : out;
  if (explained)
    explained.evidence.push(
      ...out.filter((d) => d.code === 'multicast-not-delivered').flatMap((d) => d.evidence),
    );
  // One diagnosis per code: later findings of the same code add their evidence to the first.
  const merged: Diagnosis[] = [];
  for (const d of kept) {
    const first = merged.find((m) => m.code === d.code);
    if (first && d.code !== 'multicast-not-delivered') first.evidence.push(...d.evidence);
    else merged.push(d);
  }
  kept = merged;
  out.length = 0;
  out.push(...kept);
  // Limits of the evidence.
  if (!inv.sources.some((s) => s.capture))
    inv.unanswered.push(
      'No capture: transition times are those of the log stamps, and whether adverts left a node or arrived cannot be seen',
    );
  else if (!hasPerNodeCaptures)
    inv.unanswered.push(
      "One capture only: a single vantage point cannot tell which node did not receive the other's adverts",
    );
  for (const n of inv.nodes.nodes)
    if (!inv.lanes.some((l) => l.node === n.name) && inv.transitions.some((t) => t.node === n.name))
      inv.unanswered.push(`No log from ${n.name}: the causes of its transitions are inferred from the wire`);
  return out;
}

/** Per VRID, each VIP list the captures show and the sources advertising it. */
function vipSetsPerVrid(inv: Investigation): Map<number, Map<string, string[]>> {
  const out = new Map<number, Map<string, string[]>>();
  for (const s of inv.sources)
    for (const k of s.capture?.rows.advertKinds() ?? []) {
      if (k.priority === 0 || k.addresses.length === 0) continue;
      const key = [...k.addresses].sort().join(' ');
      const m = out.get(k.vrid) ?? new Map<string, string[]>();
      const who = inv.nodes.ofAddress(k.src)?.name ?? k.src;
      const list = m.get(key) ?? [];
      if (!list.includes(who)) list.push(who);
      m.set(key, list);
      out.set(k.vrid, m);
    }
  return out;
}

/** With a capture on each node: whose adverts never reached whom during the window. */
function oneWayLoss(inv: Investigation, a: string, b: string, start: number, end: number): string | null {
  const seenBy = (receiver: string, sender: string): boolean | null => {
    const na = inv.nodes.node(sender);
    const lane = inv.sources.find(
      (s) => s.capture && (s.pinnedNode === receiver || inv.nodes.ofLane(s.index)?.name === receiver),
    );
    if (!lane || !na) return null;
    const fit = inv.fits.get(lane.index)!;
    const { rows, epochUs } = lane.capture!;
    for (let i = 0; i < rows.length; i++) {
      const t = epochUs + rows.t(i) + fit.offsetUs;
      if (t >= start && t <= end && rows.isAdvert(i) && na.addresses.includes(rows.address(i))) return true;
    }
    return false;
  };
  const ab = seenBy(b, a);
  const ba = seenBy(a, b);
  if (ab === null || ba === null) return null;
  if (!ab && !ba) return `neither node's capture shows the other's adverts: both ways`;
  if (!ab)
    return `${b}'s capture shows none of ${a}'s adverts, while ${a} still hears ${b}: one way, ${a} → ${b}`;
  if (!ba) return `${a}'s capture shows none of ${b}'s adverts: one way, ${b} → ${a}`;
  return `both captures show each other's adverts on the wire: the loss is above the capture point (a host firewall such as nftables, or the daemon's socket)`;
}
