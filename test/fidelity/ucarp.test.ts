/**
 * Fidelity of the simulated ucarp (src/lib/sim/ucarp) against the real ucarp 1.5.2 recordings in
 * captures/carp/ (captures/ucarp.sh): each recording is replayed with the same command lines and fault
 * times (truth file → scenario), and compared with what tshark reads in the capture, the oracle:
 * who is master at each fault and at the end, the takeover latency after a silent master, the advert
 * cadence, the GARPs, the counter and the tie.
 *
 * ucarp acts on a received advert when libpcap's 1 s block timer next fires (src/lib/sim/ucarp/node.ts),
 * a phase the simulator draws per start from the seed: a latency is compared with the span of a family
 * of seeds, as the daemon's own varied from run to run (4.29–5.16 s for the same pair).
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/lib/scenario/validate';
import { simulate } from '../../src/lib/sim';
import type { Trace } from '../../src/lib/trace/types';
import { hasTshark, tsharkFields } from '../unit/pcap/capture-files';
import { recordings, UCARP_DIR, type Recording } from './truth';
import { truthToScenario } from '../../src/lib/scenario/truth';

/** One frame of interest: a CARP or VRRP advert, or a gratuitous ARP, with the node that sent it. */
interface Seen {
  t: number;
  kind: 'carp' | 'vrrp' | 'garp';
  node: string;
  /** vhid or VRID; the VIP for a GARP. */
  id: string;
  counter?: bigint;
}

const FAMILY = 20;
/** The daemon's own overheads on the loaded recording machine (up/down scripts, 0.003–0.29 s). */
const SLACK_S = 0.3;

function nodeNames(rec: Recording) {
  const byIp = new Map<string, string>();
  const byMac = new Map<string, string>();
  for (const n of rec.truth.nodes) {
    for (const list of Object.values(n.interfaces)) for (const c of list) byIp.set(c.split('/')[0], n.name);
    for (const m of Object.values(n.mac)) byMac.set(m.toLowerCase(), n.name);
  }
  return { byIp, byMac };
}

function captureSeen(rec: Recording): Seen[] {
  const { byIp, byMac } = nodeNames(rec);
  const rows = tsharkFields(rec.capture, [
    'frame.time_relative',
    'ip.src',
    'carp.vhid',
    'carp.counter',
    'vrrp.virt_rtr_id',
    'arp.isgratuitous',
    'arp.src.hw_mac',
    'arp.src.proto_ipv4',
  ]);
  const out: Seen[] = [];
  for (const [t, src, vhid, counter, vrid, grat, mac, vip] of rows) {
    const at = Number(t);
    if (vhid)
      out.push({ t: at, kind: 'carp', node: byIp.get(src) ?? src, id: vhid, counter: BigInt(counter) });
    else if (vrid) out.push({ t: at, kind: 'vrrp', node: byIp.get(src) ?? src, id: vrid });
    else if (grat === '1' || grat === 'True')
      out.push({ t: at, kind: 'garp', node: byMac.get(mac) ?? mac, id: vip });
  }
  return out;
}

function traceSeen(trace: Trace): Seen[] {
  return trace.packets.flatMap((p): Seen[] => {
    const t = p.t / 1e6;
    if (p.carp) return [{ t, kind: 'carp', node: p.node!, id: String(p.carp.vhid), counter: p.carp.counter }];
    if (p.vrrp) return [{ t, kind: 'vrrp', node: p.node!, id: String(p.vrrp.vrid) }];
    if (p.announce?.gratuitous) return [{ t, kind: 'garp', node: p.node!, id: p.announce.address }];
    return [];
  });
}

const all = hasTshark ? recordings(UCARP_DIR) : [];
const real = new Map(all.map((r) => [r.name, captureSeen(r)]));
const endOf = (rec: Recording) => Math.max(...real.get(rec.name)!.map((s) => s.t));

function simulated(rec: Recording, seed = 1): Seen[] {
  const scenario = { ...truthToScenario(rec.truth), seed };
  const result = simulate(scenario, { untilUs: Math.round(endOf(rec) * 1e6) });
  return traceSeen(result.value);
}

/** Who advertises for each CARP vhid / VRRP VRID in the 1.5 s before `t`: the masters then. */
function mastersAt(seen: Seen[], t: number): string {
  const by = new Map<string, Set<string>>();
  for (const s of seen)
    if (s.kind !== 'garp' && s.t > t - 1.5 && s.t <= t) {
      const k = `${s.kind} ${s.id}`;
      by.set(k, (by.get(k) ?? new Set()).add(s.node));
    }
  return [...by.entries()]
    .sort()
    .map(([k, v]) => `${k}: ${[...v].sort().join('+')}`)
    .join('; ');
}

/**
 * Moments where the recording is settled: just before each fault, and its end. Not within 5 s of a
 * start-ucarp: the lab took 0.18–1.02 s from its command to ucarp's first log line (a loaded machine,
 * `ip netns exec`, libpcap opening the interface), a latency the simulator does not model.
 */
function checkpoints(rec: Recording): number[] {
  const faults = rec.truth.events.filter((e) => e.kind === 'fault');
  const starts = faults.filter((e) => e.action === 'start-ucarp').map((e) => e.t);
  return [...faults.map((e) => e.t - 0.05), endOf(rec)].filter(
    (t) => !starts.some((s) => t > s && t < s + 5),
  );
}

/** Each change of CARP master after a silent one: the gap from the old master's last advert. */
function takeovers(seen: Seen[]): { from: string; to: string; gapS: number; t: number }[] {
  const carp = seen.filter((s) => s.kind === 'carp');
  const out: { from: string; to: string; gapS: number; t: number }[] = [];
  for (let k = 1; k < carp.length; k++) {
    const prev = carp[k - 1];
    const cur = carp[k];
    if (cur.node !== prev.node && cur.t - prev.t > 3)
      out.push({ from: prev.node, to: cur.node, gapS: cur.t - prev.t, t: cur.t });
  }
  return out;
}

describe.skipIf(!hasTshark)('simulated ucarp against the real ucarp 1.5.2 (captures/carp/)', () => {
  it('has the recordings: kill, SIGTERM, cable, without --preempt, three nodes, beside keepalived, a tie', () => {
    expect(all.map((r) => r.name).sort()).toEqual(
      [
        'ucarp-cable',
        'ucarp-keepalived',
        'ucarp-kill',
        'ucarp-nopreempt',
        'ucarp-sigterm',
        'ucarp-three',
        'ucarp-tie',
      ].sort(),
    );
  });

  for (const rec of all) {
    describe(rec.name, () => {
      it('its scenario (truth → scenario JSON, ucarp nodes with their command lines) is valid', () => {
        const checked = validateScenario(JSON.stringify(truthToScenario(rec.truth)));
        expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const ucarps = checked.value!.nodes.filter((n) => n.implementation === 'ucarp');
        expect(ucarps.length).toBe(rec.truth.nodes.filter((n) => n.implementation === 'ucarp').length);
      });

      it('the simulation runs without diagnostics of severity error', () => {
        const result = simulate(truthToScenario(rec.truth), { untilUs: Math.round(endOf(rec) * 1e6) });
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });

      it('the same masters just before each fault and at the end, for every seed of a family', () => {
        const want = checkpoints(rec).map((t) => `${t.toFixed(2)} ${mastersAt(real.get(rec.name)!, t)}`);
        for (let seed = 1; seed <= 5; seed++) {
          const sim = simulated(rec, seed);
          expect(checkpoints(rec).map((t) => `${t.toFixed(2)} ${mastersAt(sim, t)}`)).toEqual(want);
        }
      });
    });
  }

  it('takeover after a silent master (SIGKILL, SIGTERM, cable): each real latency within the span of 20 seeds', () => {
    const rows: string[] = [];
    for (const rec of all) {
      const realT = takeovers(real.get(rec.name)!);
      if (!realT.length) continue;
      const family = Array.from({ length: FAMILY }, (_, i) => takeovers(simulated(rec, i + 1)));
      realT.forEach((r, k) => {
        const gaps = family.map(
          (f) => f.find((x) => x.from === r.from && Math.abs(x.t - r.t) < 2)?.gapS ?? NaN,
        );
        const lo = Math.min(...gaps);
        const hi = Math.max(...gaps);
        rows.push(`${rec.name} #${k} ${r.from}→${r.to}`);
        expect(gaps.every(Number.isFinite), `${rec.name} #${k}: every seed has the takeover`).toBe(true);
        expect(
          r.gapS,
          `${rec.name} #${k}: real ${r.gapS.toFixed(3)} s, simulated ${lo.toFixed(3)}–${hi.toFixed(3)} s`,
        ).toBeGreaterThanOrEqual(lo - SLACK_S);
        expect(
          r.gapS,
          `${rec.name} #${k}: real ${r.gapS.toFixed(3)} s, simulated ${lo.toFixed(3)}–${hi.toFixed(3)} s`,
        ).toBeLessThanOrEqual(hi + SLACK_S);
        // The model's spread is libpcap's 1 s window, not more.
        expect(hi - lo).toBeLessThanOrEqual(1.0);
      });
    }
    expect(rows.length).toBeGreaterThanOrEqual(6);
  });

  it('a master advertises every advbase + advskew/256 s (median within 30 ms of the daemon)', () => {
    for (const rec of all) {
      const median = (seen: Seen[], node: string) => {
        const ts = seen.filter((s) => s.kind === 'carp' && s.node === node).map((s) => s.t);
        const d = ts
          .slice(1)
          .map((t, i) => t - ts[i])
          .filter((x) => x < 2)
          .sort((a, b) => a - b);
        return d.length ? d[d.length >> 1] : null;
      };
      for (const n of rec.truth.nodes.filter((x) => x.implementation === 'ucarp')) {
        const r = median(real.get(rec.name)!, n.name);
        const s = median(simulated(rec), n.name);
        if (r === null) continue;
        expect(s, `${rec.name} ${n.name}`).not.toBeNull();
        expect(Math.abs(r - s!), `${rec.name} ${n.name}: real ${r}, simulated ${s}`).toBeLessThanOrEqual(
          0.03,
        );
      }
    }
  });

  it('a new master sends one GARP with its first advert and one more two adverts later, from its own MAC', () => {
    // Per takeover, the GARPs of the new master in the next 3.5 s. Which backup wins a race (three
    // nodes) depends on libpcap's phases: the seed family holds one that took over as the daemon did.
    const garpsAfter = (seen: Seen[]) =>
      takeovers(seen).map((t) => {
        const g = seen.filter(
          (s) => s.kind === 'garp' && s.node === t.to && s.t >= t.t - 0.01 && s.t < t.t + 3.5,
        );
        return `${t.to}: ${g.length}`;
      });
    for (const rec of all) {
      const want = garpsAfter(real.get(rec.name)!);
      const who = (l: string[]) => l.map((x) => x.split(':')[0]).join();
      const seeds = Array.from({ length: FAMILY }, (_, i) => garpsAfter(simulated(rec, i + 1)));
      const same = seeds.find((g) => who(g) === who(want));
      expect(same, `${rec.name}: no seed took over as the daemon did (${who(want)})`).toBeDefined();
      expect(same, rec.name).toEqual(want);
    }
  });

  // A counter follows on the wire when a node reads the other's advert before its own next one. After a
  // silent master, always; in the tie, the loser reads the winner's advert at its libpcap block timer,
  // which races its own advert timer. The daemon's read came first (u2's block 30 ms before its advert):
  // its adverts came 0.9996–1.0017 s apart (median 1.0004, ucarp-keepalived) and so drifted later against
  // the 1 s block timer, where the simulated ones come 0.999–1.000 s apart (ucarp/poll.ts, no wake-up
  // latency) and drift earlier: the tie shows it in 7 of seeds 1–20, the other recordings in every seed.
  it('each advert carries the counter of the last advert heard + 1, until one is heard a random one', () => {
    const continuity = (seen: Seen[]) => {
      const carp = seen.filter((s) => s.kind === 'carp');
      return carp.slice(1).filter((s, i) => s.node !== carp[i].node && s.counter === carp[i].counter! + 1n)
        .length;
    };
    for (const rec of all.filter((r) => r.name !== 'ucarp-three')) {
      const r = continuity(real.get(rec.name)!);
      expect(r, rec.name).toBeGreaterThan(0);
      if (rec.name !== 'ucarp-tie') expect(continuity(simulated(rec)), rec.name).toBeGreaterThan(0);
    }
    const tie = all.find((r) => r.name === 'ucarp-tie')!;
    const seeds = Array.from({ length: FAMILY }, (_, i) => continuity(simulated(tie, i + 1)));
    expect(
      seeds.some((n) => n > 0),
      'ucarp-tie: no seed of the family',
    ).toBe(true);
  });

  it('without --preempt the restarted node stays BACKUP; with it, it takes the vhid back', () => {
    const last = (name: string, seen: Seen[]) => mastersAt(seen, endOf(all.find((r) => r.name === name)!));
    for (const name of ['ucarp-nopreempt', 'ucarp-kill', 'ucarp-sigterm']) {
      const rec = all.find((r) => r.name === name)!;
      expect(last(name, simulated(rec))).toBe(last(name, real.get(name)!));
    }
    expect(last('ucarp-nopreempt', real.get('ucarp-nopreempt')!)).toBe('carp 7: u2');
    expect(last('ucarp-kill', real.get('ucarp-kill')!)).toBe('carp 7: u1');
  });

  it('a tie (equal advbase and advskew): the lower source address stays MASTER, the other yields', () => {
    const rec = all.find((r) => r.name === 'ucarp-tie')!;
    const heal = rec.truth.events.find((e) => e.action === 'heal')!.t;
    expect(mastersAt(real.get(rec.name)!, heal - 0.05)).toBe('carp 7: u1+u2');
    expect(mastersAt(real.get(rec.name)!, endOf(rec))).toBe('carp 7: u1');
    for (let seed = 1; seed <= 10; seed++)
      expect(mastersAt(simulated(rec, seed), endOf(rec))).toBe('carp 7: u1');
  });

  it('a cable pull: ucarp exits, and after link-up the node stays silent', () => {
    const rec = all.find((r) => r.name === 'ucarp-cable')!;
    const up = rec.truth.events.find((e) => e.action === 'link-up')!.t;
    const after = (seen: Seen[]) => seen.filter((s) => s.node === 'u1' && s.t > up).length;
    expect(after(real.get(rec.name)!)).toBe(0);
    expect(after(simulated(rec))).toBe(0);
  });

  // keepalived's socket hands each CARP advert of vhid 7 to VI_7, which refuses it (too short, §1.10 #2)
  // and, as MASTER, restarts its advert deadline (§2.11; src/lib/sim/carp-as-vrrp.ts). Each second is a
  // race between ucarp's next advert and that deadline, which ucarp wins: it sends with under 2 ms left
  // (src/lib/sim/ucarp/poll.ts). So the master n1 sends nothing from its takeover to its kill but its
  // answer to n2, whose master-down timer ran out meanwhile (CARP adverts do not reset a backup's, §2.5).
  // Simulated, ucarp loses a race only when its poll() slack ends within µs of 1 ms and keepalived's
  // jitter draws are small: n1 silent in 96 of seeds 1–100 (the others send one advert each).
  it("ucarp-keepalived: keepalived's master falls silent while CARP adverts of the same id arrive", () => {
    const rec = all.find((r) => r.name === 'ucarp-keepalived')!;
    const kill = rec.truth.events.find((e) => e.action === 'kill-keepalived' && e.node === 'n1')!.t;
    // n1's adverts after its first as master and before its kill, less its answers to another's advert.
    const spoke = (seen: Seen[]) => {
      const vrrp = seen.filter((s) => s.kind === 'vrrp');
      const first = vrrp.findIndex((s) => s.node === 'n1');
      if (first < 0) return NaN; // never master: not the case under test
      return vrrp.filter(
        (s, i) =>
          i > first &&
          s.node === 'n1' &&
          s.t < kill &&
          !(vrrp[i - 1].node !== 'n1' && s.t - vrrp[i - 1].t < 0.01),
      ).length;
    };
    expect(spoke(real.get(rec.name)!)).toBe(0);
    for (let seed = 1; seed <= 5; seed++) expect(spoke(simulated(rec, seed)), `seed ${seed}`).toBe(0);
  });
});
