/**
 * Fidelity of the simulator against the real daemon (issue 5): each recording in captures/ is
 * replayed in the simulator with the same configs and fault times (truth file → scenario), and the
 * simulated adverts must match the real ones per VRID and source — the same stretches of
 * advertising, each starting within ±0.5 s of the real one, with the same priorities — plus the
 * same priority-0 adverts and the effective priorities keepalived itself reported at every state
 * change. Real adverts are read by tshark, the oracle. Where the two disagree, the daemon is right.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/lib/scenario/validate';
import { simulate } from '../../src/lib/sim';
import { withExactTiming } from '../../src/lib/scenario/timing';
import { instanceId, type Trace } from '../../src/lib/trace/types';
import { hasTshark, tsharkFields } from '../unit/pcap/capture-files';
import {
  bursts,
  captureAdverts,
  compareStretches,
  compareZeroAdverts,
  startupRaces,
  traceAdverts,
  type Advert,
} from './adverts';
import {
  announceBursts,
  captureAnnounces,
  compareAnnounces,
  macOfSource,
  traceAnnounces,
  type Announce,
  type AnnounceBurst,
} from './garps';
import { recordings, type Recording } from './truth';
import { truthToScenario } from '../../src/lib/scenario/truth';

const TOLERANCE_S = 0.5;

interface Run {
  real: Advert[];
  sim: Advert[];
  trace: Trace;
  untilS: number;
}

const runs = new Map<string, Run>();

/** The recording replayed in the simulator up to the capture's last advert (computed once). */
function run(rec: Recording): Run {
  const cached = runs.get(rec.name);
  if (cached) return cached;
  const real = captureAdverts(rec.capture);
  const untilS = Math.max(...real.map((a) => a.t));
  const result = simulate(truthToScenario(rec.truth), { untilUs: Math.round(untilS * 1e6) });
  if (!result.value) throw new Error(`${rec.name}: the simulator returned no trace`);
  const out = { real, sim: traceAdverts(result.value), trace: result.value, untilS };
  runs.set(rec.name, out);
  return out;
}

/** The simulated effective priority of an instance at time t (s): the last priority event before. */
function simPriorityAt(trace: Trace, node: string, instance: string, tS: number): number | undefined {
  const id = instanceId(node, instance);
  let p = trace.instances.find((i) => i.id === id)?.basePriority;
  for (const e of trace.events) {
    if (e.t > tS * 1e6) break;
    if (e.kind === 'priority' && e.instance === id) p = e.to;
  }
  return p;
}

const all = recordings();

/**
 * No recording is pinned. The last two were recordings of a loaded machine: in `tie-drop` keepalived
 * armed its timer 0.52 s after its start command (just outside ±0.5 s), and in `split-heal` host-wide
 * stalls of tens of ms shifted the advert phases so that the second heal crossed the other way.
 * Both were re-recorded (captures/README.md, "Scenarios and what they show"): the daemon then starts within
 * 0.2 s of its command (start-dating.test.ts), and the simulator matches both.
 */

describe.skipIf(!hasTshark)('simulator fidelity against real keepalived 2.2.7 (captures/)', () => {
  it('has the recordings issue 5 asks for', () => {
    const names = all.map((r) => r.name);
    for (const n of [
      'one-way',
      'script-fault',
      'panda',
      'kill-restart',
      'sigterm',
      'v3-ipv6',
      'unicast-pass',
      'split-brain',
      'nopreempt-3',
      'preempt-delay',
      'sync-group',
      'vlan',
      'v3-fast',
      'sigstop',
    ])
      expect(names).toContain(n);
  });

  for (const rec of all) {
    describe(rec.name, () => {
      it('its scenario (truth → scenario JSON) is valid scenario JSON', () => {
        const text = JSON.stringify(truthToScenario(rec.truth));
        const checked = validateScenario(text);
        expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(checked.value?.events?.length).toBe(rec.truth.events.filter((e) => e.kind === 'fault').length);
      });

      it('the configs simulate without errors', () => {
        const { trace } = run(rec);
        expect(trace.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });

      it('the same stretches of advertising per VRID and source, each starting within ±0.5 s, same priorities', () => {
        const { real, sim, untilS } = run(rec);
        expect(real.length).toBeGreaterThan(5);
        expect(compareStretches(real, sim, TOLERANCE_S, untilS)).toEqual([]);
      });

      it('the same priority-0 adverts, each within ±0.5 s', () => {
        const { real, sim, untilS } = run(rec);
        expect(compareZeroAdverts(real, sim, TOLERANCE_S, untilS)).toEqual([]);
      });

      it('the same GARP / unsolicited NA bursts per VIP and MAC, each within ±0.5 s', () => {
        const { real, sim, trace, untilS } = run(rec);
        const macs = macOfSource(rec.truth);
        // The loser of a startup race sends one burst and cancels the second (it was master for ms).
        const races = [...startupRaces(real), ...startupRaces(sim)].map((r) => ({
          t: r.start,
          mac: macs.get(r.source),
        }));
        const ignore = (a: Announce) =>
          races.some((r) => r.mac === a.mac && Math.abs(r.t - a.t) <= TOLERANCE_S);
        const realAnn = captureAnnounces(rec.capture);
        expect(realAnn.length).toBeGreaterThan(0);
        expect(compareAnnounces(realAnn, traceAnnounces(trace), TOLERANCE_S, untilS, ignore)).toEqual([]);
      });

      it('the effective priority keepalived reported at each state change', () => {
        const { trace } = run(rec);
        const wrong = rec.truth.events
          .filter((e) => e.kind === 'state' && e.instance && e.state !== 'STOP')
          .map((e) => ({ e, sim: simPriorityAt(trace, e.node!, e.instance!, e.t) }))
          .filter(({ e, sim }) => sim !== e.priority)
          .map(
            ({ e, sim }) =>
              `${e.t} s ${e.node} ${e.instance} ${e.state}: real ${e.priority}, simulated ${sim}`,
          );
        expect(wrong).toEqual([]);
      });
    });
  }

  // After SIGCONT, keepalived 2.2.7 reads every advert queued on its socket during the pause and, as
  // MASTER, answers each lower-priority one with an advert and a GARP burst (§2.6, §8.2). The
  // recording shows 6 adverts from 192.168.50.11 within 0.5 ms of the resume (one per advert n2 sent
  // while n1 was stopped), 35 GARPs, and 30 more 5 s later (src/lib/sim/paused-sockets.ts; it was
  // pinned while the simulator read only the latest queued advert).
  it('sigstop: after SIGCONT the master answers every advert queued during the pause', () => {
    const rec = all.find((r) => r.name === 'sigstop');
    expect(rec).toBeDefined();
    const { real, sim } = run(rec!);
    const resumeS = rec!.truth.events.find((e) => e.action === 'resume-keepalived')!.t;
    const near = (b: { t: number }) => b.t >= resumeS && b.t <= resumeS + 0.5;
    const realBurst = bursts(real).filter(near);
    expect(realBurst).toEqual([{ vrid: 50, source: '192.168.50.11', t: expect.any(Number), adverts: 6 }]);
    expect(
      bursts(sim)
        .filter(near)
        .map((b) => b.adverts),
    ).toEqual(realBurst.map((b) => b.adverts));
  });

  // The same disagreement seen in the GARPs: one burst of 5 per answered advert, now and 5 s later.
  it('sigstop: after SIGCONT, 35 GARPs at once and 30 five seconds later, as the daemon sent', () => {
    const rec = all.find((r) => r.name === 'sigstop')!;
    const { trace } = run(rec);
    const resumeS = rec.truth.events.find((e) => e.action === 'resume-keepalived')!.t;
    const after = (l: AnnounceBurst[]) =>
      l.filter((b) => b.t >= resumeS && b.mac === '02:00:00:00:50:11').map((b) => b.count);
    const realCounts = after(announceBursts(captureAnnounces(rec.capture)));
    expect(realCounts).toEqual([35, 30]);
    expect(after(announceBursts(traceAnnounces(trace)))).toEqual(realCounts);
  });

  // The order of those frames is keepalived's scheduler's (sim/paused-sockets.ts): one
  // vrrp_dispatcher_read() stops after the second advert of VRID 50, then the timer threads that came
  // due run (the second GARP burst of n1's own takeover at 5.08 s, due at 10.08 s while it was
  // stopped), then the next reads. The capture: an advert and 5 GARPs, an advert and 10, then 4 × an
  // advert and 5.
  it('sigstop: after SIGCONT, two answers, the overdue GARP burst, then the other answers, as the daemon sent', () => {
    const rec = all.find((r) => r.name === 'sigstop')!;
    const { trace } = run(rec);
    const resumeS = rec.truth.events.find((e) => e.action === 'resume-keepalived')!.t;
    const mac = '02:00:00:00:50:11';
    /** n1's frames in the 0.5 s after the resume as runs: `advert ×n` or `garp ×n`. */
    const runsOf = (frames: { t: number; what: string }[]) =>
      frames
        .filter((f) => f.t >= resumeS && f.t <= resumeS + TOLERANCE_S)
        .reduce<string[]>((out, { what }) => {
          const last = out.length ? out[out.length - 1].split(' ×') : [];
          if (last[0] === what) out[out.length - 1] = `${what} ×${Number(last[1]) + 1}`;
          else out.push(`${what} ×1`);
          return out;
        }, []);
    const real = runsOf(
      tsharkFields(rec.capture, ['frame.time_relative', 'eth.src', 'vrrp.prio', 'arp.isgratuitous'])
        .filter(([, src, prio, garp]) => src === mac && (prio !== '' || garp !== ''))
        .map(([t, , prio]) => ({ t: Number(t), what: prio !== '' ? 'advert' : 'garp' })),
    );
    expect(real).toEqual([
      'advert ×1',
      'garp ×5',
      'advert ×1',
      'garp ×10',
      ...Array.from({ length: 4 }, () => ['advert ×1', 'garp ×5']).flat(),
    ]);
    const sim = runsOf(
      trace.packets
        .filter((p) => p.srcMac === mac && (p.vrrp || p.announce?.gratuitous))
        .map((p) => ({ t: p.t / 1e6, what: p.vrrp ? 'advert' : 'garp' })),
    );
    expect(sim).toEqual(real);
  });

  // One-way multicast loss (§8.2). n2 no longer hears n1 and is a false master; n1 answers each of
  // n2's lower adverts at once, and the answer resets n1's own advert timer (§2.11), so the daemon
  // sends about one advert a second, now and then two when its timer fires just before n2's advert
  // arrives: 4 doubles in the 9 s of loss. Whether it does is a race between n1's timer lateness and
  // n2's (plus the delivery), which the timing model draws from the seed (sim/timing.ts): per seed the
  // simulator doubles now and then, and across a family of seeds as often as the daemon did. With
  // the timing model at zero both cadences are exactly 1 s and it never doubles.
  it('one-way: the true master answers every lower advert and doubles now and then, as often as the daemon', () => {
    const rec = all.find((r) => r.name === 'one-way')!;
    const { real, untilS } = run(rec);
    const doubles = (l: Advert[]) => bursts(l).filter((b) => b.source === '192.168.50.11').length;
    expect(doubles(real)).toBe(4);
    const ev = rec.truth.events;
    const fromS = ev.find((e) => e.node === 'n2' && e.state === 'MASTER')!.t;
    const toS = ev.find((e) => e.action === 'heal')!.t;
    const count = (l: Advert[], source: string) =>
      l.filter((a) => a.source === source && a.t > fromS + 0.5 && a.t < toS).length;
    const family = Array.from({ length: 20 }, (_, i) => {
      const scenario = { ...truthToScenario(rec.truth), seed: i + 1 };
      const sim = traceAdverts(simulate(scenario, { untilUs: Math.round(untilS * 1e6) }).value!);
      // Each of n2's adverts is answered: n1 sends at least as many.
      expect(count(sim, '192.168.50.12')).toBeGreaterThanOrEqual(8);
      expect(count(sim, '192.168.50.11')).toBeGreaterThanOrEqual(count(sim, '192.168.50.12'));
      return doubles(sim);
    }).sort((x, y) => x - y);
    expect(family[0]).toBeGreaterThanOrEqual(1);
    expect(family[0]).toBeLessThanOrEqual(4);
    expect(family[family.length - 1]).toBeGreaterThanOrEqual(4);
    expect(Math.abs(family[10] - 4)).toBeLessThanOrEqual(1);
    const exact = simulate(withExactTiming(truthToScenario(rec.truth)), {
      untilUs: Math.round(untilS * 1e6),
    });
    expect(doubles(traceAdverts(exact.value!))).toBe(0);
  });

  it('no other recording has a burst of adverts the simulator does not reproduce', () => {
    const problems: string[] = [];
    for (const rec of all) {
      if (rec.name === 'one-way') continue;
      const { real, sim, untilS } = run(rec);
      const fmt = (b: { vrid: number; source: string; adverts: number }) =>
        `${b.vrid}/${b.source}×${b.adverts}`;
      const r = bursts(real.filter((a) => a.t <= untilS)).map(fmt);
      const s = bursts(sim).map(fmt);
      if (r.join() !== s.join())
        problems.push(`${rec.name}: real [${r.join(' ')}], simulated [${s.join(' ')}]`);
    }
    expect(problems).toEqual([]);
  });
});
