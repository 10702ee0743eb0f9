/**
 * Semantic lint over all nodes of a scenario, something keepalived itself cannot check because it sees
 * one node: VRIDs configured inconsistently across nodes, two address owners, keepalived's silent
 * corrections that change the scenario's behaviour, and the weight analysis of weights.ts.
 */
import type { Finding, LintInput, LintNode } from './lint-types';
import { parseConfig } from './parser';
import type { VrrpInstance } from './model';
import type { Member } from './priority';
import { analyseVrid } from './weights';
import { parseUcarp, type UcarpConfig } from './ucarp';

export type { Finding, LintInput, LintNode } from './lint-types';

function primaryAddress(n: LintNode, inst: VrrpInstance): string | undefined {
  if (inst.unicastSrcIp) return inst.unicastSrcIp;
  if (inst.mcastSrcIp) return inst.mcastSrcIp;
  const list = (inst.interface && n.addresses?.[inst.interface]) || [];
  return list.map((a) => a.split('/')[0]).find((a) => a.includes(':') === (inst.family === 'ipv6'));
}

const vipSet = (i: VrrpInstance) =>
  i.vips
    .map((v) => `${v.address}/${v.prefix}`)
    .sort()
    .join(', ');

const authOf = (i: VrrpInstance) => (i.authType ? `${i.authType} '${i.authPass ?? ''}'` : 'none');

/**
 * Checks that every node agrees on what VRID `vrid` is (§1.10: mismatches are dropped, so both go
 * MASTER). `router` names it in messages: `VRID 51`, or `VRID 51 on eth1` when the scenario has the
 * same VRID on several segments.
 */
function consistency(vrid: number, members: Member[], router = `VRID ${vrid}`): Finding[] {
  const out: Finding[] = [];
  const first = members[0];
  const checks: [string, (i: VrrpInstance) => string, Finding['severity'], string][] = [
    [
      'lint.vrid-vips-differ',
      vipSet,
      'error',
      'keepalived 2.2.7 rejects adverts whose VIP list differs from its own, so each side becomes MASTER',
    ],
    [
      'lint.vrid-version-differs',
      (i) => `v${i.version}`,
      'error',
      'adverts of the other version are dropped, so each side becomes MASTER',
    ],
    [
      'lint.vrid-auth-differs',
      authOf,
      'error',
      'adverts with other authentication are dropped, so each side becomes MASTER',
    ],
    [
      'lint.vrid-advert-int-differs',
      (i) => `${i.advertIntervalCs / 100} s`,
      'error',
      'VRRPv2 drops adverts with another interval, so each side becomes MASTER',
    ],
  ];
  for (const [code, key, severity, why] of checks) {
    for (const m of members.slice(1)) {
      const a = key(first.inst);
      const b = key(m.inst);
      if (a === b) continue;
      const v3Interval =
        code === 'lint.vrid-advert-int-differs' && m.inst.version === 3 && first.inst.version === 3;
      const msg = `${router} differs between ${first.node} (${a}) and ${m.node} (${b}): ${v3Interval ? 'VRRPv3 backups adopt the master’s interval, so timers depend on who is master' : why}`;
      out.push({
        code,
        severity: v3Interval ? 'warning' : severity,
        message: msg,
        at: m.inst.at,
        node: m.node,
        vrid,
      });
    }
  }
  for (const a of members) {
    if (!a.inst.unicastPeers.length) continue;
    for (const b of members) {
      if (b === a || !b.address || a.inst.unicastPeers.includes(b.address)) continue;
      const msg = `${router}: ${a.node}'s unicast_peer list lacks ${b.node} (${b.address}), so ${b.node} never hears ${a.node}'s adverts and both can become MASTER`;
      out.push({
        code: 'lint.unicast-peer-missing',
        severity: 'error',
        message: msg,
        at: a.inst.at,
        node: a.node,
        vrid,
      });
    }
  }
  const owners = members.filter((m) => m.inst.priority === 255);
  if (owners.length > 1) {
    const msg = `${router} has ${owners.length} address owners (priority 255): ${owners.map((m) => m.node).join(', ')}; keepalived 2.2.7 lowers both to 254 for good (§2.6.2)`;
    out.push({
      code: 'lint.two-owners',
      severity: 'warning',
      message: msg,
      at: owners[1].inst.at,
      node: owners[1].node,
      vrid,
    });
  }
  if (members.length === 1) {
    const msg = `${router} is configured on ${first.node} only: nothing takes over if it fails`;
    out.push({
      code: 'lint.vrid-single-node',
      severity: 'info',
      message: msg,
      at: first.inst.at,
      node: first.node,
      vrid,
    });
  }
  return out;
}

/** The findings perInstance gives: each is about one node's config alone (lintNode). */
const NODE_CODES = {
  masterNopreempt: 'lint.master-nopreempt',
  unicastTtlNoPeers: 'lint.unicast-ttl-no-peers',
  interfaceMissing: 'lint.interface-missing',
} as const;
export const nodeLintCodes: ReadonlySet<string> = new Set(Object.values(NODE_CODES));

/** The findings about one node's config alone, without the others (lintScenario gives these too). */
export function lintNode(n: LintNode): Finding[] {
  return n.config.instances.flatMap((inst) => perInstance(n, inst));
}

/** Per-node consequences of keepalived's corrections and of the host's interfaces. */
function perInstance(n: LintNode, inst: VrrpInstance): Finding[] {
  const out: Finding[] = [];
  const base = { at: inst.at, node: n.node, ...(inst.vrid !== undefined ? { vrid: inst.vrid } : {}) };
  const vrid = inst.vrid ?? '?';
  const corrected = (code: string) =>
    n.diagnostics?.some((d) => d.code === code && d.message.startsWith(`(${inst.name})`));
  if (corrected('config.nopreempt-master')) {
    const message = `${n.node} (${inst.name}): state MASTER with nopreempt — keepalived clears nopreempt, so ${n.node} takes VRID ${vrid} back whenever its priority is higher`;
    out.push({
      code: NODE_CODES.masterNopreempt,
      severity: 'warning',
      message,
      hint: 'Use state BACKUP on every node with nopreempt.',
      ...base,
    });
  }
  if (inst.unicastTtl === 0 && inst.unicastPeers.length === 0) {
    const message = `${n.node} (${inst.name}): unicast_ttl without unicast_peer — keepalived sends with TTL 0, no advert leaves ${n.node}, and every other node of VRID ${vrid} becomes MASTER too`;
    out.push({
      code: NODE_CODES.unicastTtlNoPeers,
      severity: 'error',
      message,
      hint: 'Remove unicast_ttl or add the unicast_peer block.',
      ...base,
    });
  }
  if (n.addresses && inst.interface && !(inst.interface in n.addresses)) {
    const message = `WARNING - interface ${inst.interface} for vrrp_instance ${inst.name} doesn't exist on ${n.node}`;
    out.push({
      code: NODE_CODES.interfaceMissing,
      severity: 'error',
      message,
      hint: 'keepalived refuses to start: Non-existent interface specified in configuration.',
      ...base,
    });
  }
  return out;
}

/**
 * The ucarp nodes of one vhid on one segment (lintScenario): what makes ucarp drop the other's adverts
 * ("Bad digest": the HMAC covers the passphrase, the vhid and --addr), so each side becomes MASTER,
 * and what leaves the election to chance.
 */
function carpConsistency(members: { node: string; cfg: UcarpConfig }[], where: string): Finding[] {
  const out: Finding[] = [];
  const [first] = members;
  const vhid = first.cfg.vhid!;
  const name = `CARP vhid ${vhid}${where}`;
  const checks: [string, (c: UcarpConfig) => string, Finding['severity'], keyof UcarpConfig['at'], string][] =
    [
      [
        'lint.vhid-addr-differs',
        (c) => c.addr ?? '',
        'error',
        'addr',
        'the HMAC covers --addr, so each side drops the other\'s adverts ("Bad digest") and becomes MASTER',
      ],
      [
        'lint.vhid-pass-differs',
        (c) => c.pass ?? '',
        'error',
        'pass',
        'the HMAC is keyed with the password, so each side drops the other\'s adverts ("Bad digest") and becomes MASTER',
      ],
      [
        'lint.vhid-mcast-differs',
        (c) => c.mcastip,
        'error',
        'mcastip',
        'each side ignores adverts to the other group, so both become MASTER',
      ],
      [
        'lint.vhid-advbase-differs',
        (c) => `${c.advbase} s`,
        'warning',
        'advbase',
        'the node with the shorter advbase is always preferred, whatever its advskew',
      ],
    ];
  for (const [code, key, severity, opt, why] of checks)
    for (const m of members.slice(1)) {
      const a = key(first.cfg);
      const b = key(m.cfg);
      if (a === b) continue;
      const shown = code === 'lint.vhid-pass-differs' ? ['one password', 'another'] : [a, b];
      out.push({
        code,
        severity,
        message: `${name} differs between ${first.node} (${shown[0]}) and ${m.node} (${shown[1]}): ${why}`,
        at: m.cfg.at[opt] ?? m.cfg.start,
        node: m.node,
        vrid: vhid,
      });
    }
  const timing = new Map<string, string>();
  for (const m of members) {
    const k = `${m.cfg.advbase}/${m.cfg.advskew}`;
    const other = timing.get(k);
    if (other)
      out.push({
        code: 'lint.vhid-equal-skew',
        severity: 'warning',
        message: `${name}: ${other} and ${m.node} advertise with the same advbase ${m.cfg.advbase} and advskew ${m.cfg.advskew}: neither is preferred; when both are MASTER the lower source address keeps it (captures/carp/ucarp-tie), and who wins at start is timing`,
        at: m.cfg.at.advskew ?? m.cfg.start,
        node: m.node,
        vrid: vhid,
      });
    else timing.set(k, m.node);
  }
  if (members.length === 1)
    out.push({
      code: 'lint.vrid-single-node',
      severity: 'info',
      message: `${name} is configured on ${first.node} only: nothing takes over if it fails`,
      at: first.cfg.at.vhid ?? first.cfg.start,
      node: first.node,
      vrid: vhid,
    });
  return out;
}

/**
 * A scenario node (name, interfaces, config text) is parsed here, with its name as the file name: a
 * ucarp node's config is its command line.
 */
export function toLintNode(n: LintInput): LintNode {
  if (typeof n.config !== 'string') return n as LintNode;
  const s = n as Extract<LintInput, { name: string }>;
  if (s.implementation === 'ucarp') {
    const u = parseUcarp(s.config, { file: s.name });
    return {
      node: s.name,
      config: parseConfig('', { file: s.name }).value,
      ucarp: u.value,
      diagnostics: u.diagnostics,
      ...(s.interfaces ? { addresses: s.interfaces } : {}),
    };
  }
  const { value, diagnostics } = parseConfig(s.config, { file: s.name });
  return { node: s.name, config: value, diagnostics, ...(s.interfaces ? { addresses: s.interfaces } : {}) };
}

/**
 * The virtual router an instance belongs to. A VRID names one virtual router per L2 segment (§6.2):
 * multicast adverts stay on their interface, and interfaces with the same name share a segment (as
 * in the simulator), so the segment is the interface name (a VLAN has its own, `eth0.100`). Unicast
 * adverts are routed to the peers, whatever the interface: there the VRID and family are the key.
 * Each address family and each of multicast/unicast is a separate VRID space.
 */
function routerKey(inst: VrrpInstance): string {
  const space = `${inst.vrid}/${inst.family}`;
  return inst.unicastPeers.length ? `${space}/unicast` : `${space}/multicast/${inst.interface ?? ''}`;
}

/**
 * Lints the nodes of one scenario together. Instances are grouped into virtual routers (routerKey);
 * each is checked for consistency and analysed for single failures and useless weights. A node
 * takes part in a router once: a second instance of the same node on the same segment is keepalived's
 * own fatal duplicate (config.vrid-duplicate), never compared with the first.
 */
export function lintScenario(inputs: LintInput[]): { findings: Finding[] } {
  const steps = lintScenarioSteps(inputs);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * lintScenario in steps: it yields after the per-node pass and after each virtual router, so that a
 * caller on the page's thread can lint 64 configs of 32 VRIDs (tens of ms) in tasks of a few ms.
 */
export function* lintScenarioSteps(inputs: LintInput[]): Generator<void, { findings: Finding[] }> {
  const nodes = inputs.map(toLintNode);
  const findings: Finding[] = [];
  const groups = new Map<string, Member[]>();
  for (const n of nodes) {
    for (const inst of n.config.instances) {
      findings.push(...perInstance(n, inst));
      if (inst.vrid === undefined) continue;
      const key = routerKey(inst);
      const members = groups.get(key) ?? [];
      if (members.some((m) => m.node === n.node)) continue;
      members.push({ node: n.node, inst, config: n.config, address: primaryAddress(n, inst) });
      groups.set(key, members);
    }
  }
  // CARP (ucarp nodes): one group per vhid and interface; a VRRP VRID of the same number there clashes.
  const carp = new Map<string, { node: string; cfg: UcarpConfig }[]>();
  for (const n of nodes) {
    const cfg = n.ucarp;
    if (!cfg?.vhid) continue;
    const key = `${cfg.vhid}/${cfg.interface ?? ''}`;
    const list = carp.get(key) ?? [];
    if (!list.some((m) => m.node === n.node)) list.push({ node: n.node, cfg });
    carp.set(key, list);
  }
  const carpIfaces = new Map<number, number>();
  for (const [m] of carp.values()) carpIfaces.set(m.cfg.vhid!, (carpIfaces.get(m.cfg.vhid!) ?? 0) + 1);
  for (const members of carp.values()) {
    const { vhid, interface: iface } = members[0].cfg;
    findings.push(...carpConsistency(members, carpIfaces.get(vhid!)! > 1 && iface ? ` on ${iface}` : ''));
    const clash = [...groups.values()].find(
      (g) =>
        g[0].inst.vrid === vhid &&
        g[0].inst.family === 'ipv4' &&
        !g[0].inst.unicastPeers.length &&
        g[0].inst.interface === iface,
    );
    if (clash)
      findings.push({
        code: 'lint.vrrp-carp-same-id',
        severity: 'warning',
        message: `VRRP VRID ${vhid} (${clash.map((m) => m.node).join(', ')}) and CARP vhid ${vhid} (${members.map((m) => m.node).join(', ')}) share IP protocol 112 and 224.0.0.18 on ${iface ?? 'one segment'}: each drops the other's adverts, and keepalived's master was seen to stop advertising while CARP adverts of its id arrived (captures/carp/ucarp-keepalived), so its backups took over now and then`,
        at: members[0].cfg.at.vhid ?? members[0].cfg.start,
        node: members[0].node,
        vrid: vhid,
      });
  }
  yield;
  const ordered = [...groups.values()].sort((a, b) => a[0].inst.vrid! - b[0].inst.vrid!);
  const segments = new Map<string, number>();
  for (const [m] of ordered) {
    const k = `${m.inst.vrid}/${m.inst.family}`;
    segments.set(k, (segments.get(k) ?? 0) + 1);
  }
  for (const members of ordered) {
    const { vrid, family, interface: iface, unicastPeers } = members[0].inst;
    const shared = segments.get(`${vrid}/${family}`)! > 1;
    const where = unicastPeers.length ? ' (unicast)' : iface ? ` on ${iface}` : '';
    const router = `VRID ${vrid}${shared ? where : ''}`;
    findings.push(...consistency(vrid!, members, router), ...analyseVrid(vrid!, members));
    yield;
  }
  return { findings };
}
