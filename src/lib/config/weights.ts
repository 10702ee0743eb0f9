/**
 * The weight analysis of one VRID across the nodes of a scenario: for each single failure (a tracked
 * script failing, an interface going down) on each node, which VIPs move to which node; and which
 * weights can never change the master (docs/vrrp-behaviour.md §4.2, §4.8: with Panda's priorities
 * 100/99, `weight -2` flips the master; with a gap of 10 it never does).
 */
import type { Finding } from './lint-types';
import type { Failure, Member, Outcome } from './priority';
import { compareAddresses, electMaster, evaluate, trackRefs } from './priority';

/** Enumerating which other nodes are up is exponential; beyond this many members only "all up" is used. */
const MAX_ENUMERATED_MEMBERS = 8;

/** What can fail on the member's node and affect it: its own trackers and its sync-group mates' (§6.1). */
function failuresOf(m: Member): Failure[] {
  const mates = m.inst.syncGroup
    ? m.config.instances.filter((i) => i.syncGroup === m.inst.syncGroup)
    : [m.inst];
  const out = new Map<string, Failure>();
  for (const inst of mates) {
    const refs = trackRefs({ ...m, inst });
    for (const r of refs.scripts) out.set(`s:${r.name}`, { kind: 'script', name: r.name });
    const ifaces = [inst.interface, ...inst.vips.map((v) => v.dev), ...refs.interfaces.map((r) => r.name)];
    for (const i of ifaces) if (i) out.set(`i:${i}`, { kind: 'interface', name: i });
  }
  return [...out.values()];
}

const label = (f: Failure) => (f.kind === 'script' ? `${f.name} failing` : `${f.name} going down`);
const show = (o: Outcome) => o.why;

/** Findings for one VRID whose instances (one per node) are `members`. */
export function analyseVrid(vrid: number, members: Member[]): Finding[] {
  const findings: Finding[] = [];
  const vips = members[0].inst.vips.map((v) => v.address).join(', ') || 'no VIP';
  const base = members.map((m) => evaluate(m, undefined));
  const prios = base.map((o) => o.priority);
  const master = electMaster(prios, members, -1);
  if (master < 0) return findings;
  const at = members[master].inst.at;
  const mk = (
    code: string,
    severity: Finding['severity'],
    message: string,
    node: string,
    hint?: string,
  ): Finding => ({
    code,
    severity,
    message,
    at: members.find((m) => m.node === node)?.inst.at ?? at,
    node,
    vrid,
    ...(hint ? { hint } : {}),
  });
  const roles = members.map((m, i) => `${m.node} ${i === master ? 'MASTER' : 'BACKUP'} (${show(base[i])})`);
  findings.push(
    mk('lint.vrid-roles', 'info', `VRID ${vrid} (${vips}): ${roles.join(', ')}`, members[master].node),
  );
  const tied = members.filter((_, i) => i !== master && prios[i] === prios[master]);
  if (tied.length) {
    const msg = `VRID ${vrid}: ${[members[master], ...tied].map((m) => m.node).join(' and ')} have the same priority ${prios[master]}; the master is whichever starts first (a BACKUP accepts an equal advert, §2.6.1)`;
    findings.push(mk('lint.vrid-tie', 'warning', msg, members[master].node));
  }

  for (const m of members) {
    for (const f of failuresOf(m)) {
      const after = members.map((x, i) => (x.node === m.node ? evaluate(x, f) : base[i]));
      const next = electMaster(
        after.map((o) => o.priority),
        members,
        master,
      );
      const mine = after[members.indexOf(m)];
      if (next === master && m !== members[master]) continue;
      if (next === master) {
        // At a tie the master stays: a BACKUP accepts an equal advert (§2.6.1).
        const tie = members.findIndex(
          (x, i) => x !== m && after[i].priority !== 'FAULT' && after[i].priority === mine.priority,
        );
        const higher = (a: Member, b: Member) =>
          a.address && b.address ? `, ${(compareAddresses(a.address, b.address) > 0 ? a : b).node}'s,` : '';
        const msg =
          tie >= 0
            ? `${label(f)} on ${m.node} does not move VRID ${vrid} (${vips}): ${show(mine)} on ${m.node} ties with ${members[tie].node}'s ${show(after[tie])}; ${members[tie].node}, as BACKUP, accepts an equal advert, so ${m.node} stays MASTER (the higher address${higher(m, members[tie])} wins only when both are MASTER at once, §2.6.1)`
            : `${label(f)} on ${m.node} does not move VRID ${vrid} (${vips}): ${show(mine)} on ${m.node}, still the highest`;
        findings.push(mk('lint.failure-no-move', 'info', msg, m.node));
      } else if (next < 0) {
        findings.push(
          mk(
            'lint.failure-no-master',
            'warning',
            `${label(f)} on ${m.node} leaves VRID ${vrid} (${vips}) with no master: ${show(mine)}`,
            m.node,
          ),
        );
      } else {
        const to = members[next];
        const why =
          mine.priority === 'FAULT'
            ? `${m.node} in ${show(mine)}`
            : `${m.node} ${show(mine)} < ${to.node} ${show(after[next])}`;
        const msg = `${label(f)} on ${m.node} moves ${vips} (VRID ${vrid}) from ${members[master].node} to ${to.node}: ${why}`;
        findings.push(mk('lint.failure-moves', 'info', msg, m.node));
      }
    }
  }
  findings.push(...uselessWeights(vrid, members, prios, master, mk));
  return findings;
}

/** Weighted references whose failure changes the master in no combination of other nodes being up. */
function uselessWeights(
  vrid: number,
  members: Member[],
  prios: (number | 'FAULT')[],
  master: number,
  mk: (code: string, severity: Finding['severity'], message: string, node: string, hint?: string) => Finding,
): Finding[] {
  const out: Finding[] = [];
  for (const [n, m] of members.entries()) {
    const refs = trackRefs(m);
    const weighted = [
      ...refs.scripts.map((r) => ({ r, f: { kind: 'script', name: r.name } as Failure })),
      ...refs.interfaces.map((r) => ({ r, f: { kind: 'interface', name: r.name } as Failure })),
    ].filter((x) => x.r.weight !== 0);
    for (const { r, f } of weighted) {
      if (canChangeMaster(members, prios, n, f)) continue;
      const others = prios.filter((p, i): p is number => i !== n && p !== 'FAULT');
      const mine = prios[n];
      let detail: string;
      if (n === master && typeof mine === 'number' && others.length) {
        const next = Math.max(...others);
        // Below the next one, and still MASTER: every backup it falls below has nopreempt (§3.2).
        const passing = members.filter(
          (_, i) => i !== n && prios[i] !== 'FAULT' && (prios[i] as number) > mine - Math.abs(r.weight),
        );
        detail =
          passing.length > 0 && passing.every((x) => !x.inst.preempt)
            ? `${mine} − ${Math.abs(r.weight)} = ${mine - Math.abs(r.weight)} falls below ${passing.map((x) => x.node).join(' and ')}, but a backup with nopreempt never takes over from a master still advertising (§3.2)`
            : `the gap to the next priority (${mine} − ${next} = ${mine - next}) is not less than ${Math.abs(r.weight)}`;
      } else if (n !== master && master >= 0) {
        detail = `${m.node} is a backup (${mine}) behind ${members[master].node} (${prios[master]}); this weight never lifts it above another node`;
      } else detail = 'no other node can take over';
      const severity = n === master ? 'warning' : 'info';
      const msg = `weight ${r.weight} of ${f.name} on ${m.node} can never change the master of VRID ${vrid}: ${detail}`;
      out.push(
        mk(
          'lint.weight-no-effect',
          severity,
          msg,
          m.node,
          severity === 'warning' ? 'Make |weight| larger than the priority gap.' : undefined,
        ),
      );
    }
  }
  return out;
}

/** Tries every set of other members being up (all of them when there are too many). */
function canChangeMaster(members: Member[], prios: (number | 'FAULT')[], n: number, f: Failure): boolean {
  const others = members.map((_, i) => i).filter((i) => i !== n);
  const subsets = others.length <= MAX_ENUMERATED_MEMBERS ? 1 << others.length : 1;
  const failed = evaluate(members[n], f).priority;
  for (let mask = 0; mask < subsets; mask++) {
    const up = new Set([n, ...others.filter((_, k) => subsets === 1 || mask & (1 << k))]);
    const before = prios.map((p, i) => (up.has(i) ? p : 'FAULT'));
    const incumbent = electMaster(before, members, -1);
    const after = before.map((p, i) => (i === n ? failed : p));
    if (electMaster(after, members, incumbent) !== incumbent) return true;
  }
  return false;
}
