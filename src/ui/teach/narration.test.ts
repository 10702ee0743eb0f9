import { expect, it } from 'vitest';
import { narrate, narrateBetween } from './narration';
import { FrameIndex } from '../../lib/trace/frame';
import type { Trace, TraceEvent, TraceInstance } from '../../lib/trace/types';
import { chapterFromHash, chapterHash, wantsPresenter } from './tutorial-route';
import { simulate } from '../../lib/sim/run';
import { chapterRange, tutorialScenario } from './tutorial-run';
import { CHAPTERS } from './chapters';
import { secondsLabel } from '../../lib/trace/time';

const inst = (node: string, base: number): TraceInstance => ({
  id: `${node}/vi`,
  node,
  name: 'vi',
  vrid: 200,
  family: 'ipv4',
  version: 2,
  interface: 'eth2',
  basePriority: base,
  advertIntervalCs: 100,
  vips: ['192.168.3.200'],
  router: 'ipv4/200',
  preempt: true,
});

function trace(events: TraceEvent[]): Trace {
  return {
    origin: { source: 'simulation', name: 't', epochUs: 0 },
    nodes: [],
    instances: [inst('a', 100), inst('b', 99)],
    routers: [],
    services: [],
    packets: [],
    events,
    diagnostics: [],
    endUs: 30_000_000,
  };
}

it('narrates a takeover with its cause: the master-down timer, not "99 > 98"', () => {
  const events: TraceEvent[] = [
    {
      t: 3_609_375,
      kind: 'state',
      node: 'a',
      instance: 'a/vi',
      from: 'BACKUP',
      to: 'MASTER',
      cause: { code: 'master-down-timer', t: 3_609_375, node: 'a', silence: 'silent', evidence: [] },
      chain: [],
    },
    {
      t: 3_613_281,
      kind: 'state',
      node: 'b',
      instance: 'b/vi',
      from: 'INIT',
      to: 'BACKUP',
      cause: { code: 'startup', t: 3_613_281, node: 'b', evidence: [] },
      chain: [],
    },
    {
      t: 12_000_000,
      kind: 'priority',
      node: 'a',
      instance: 'a/vi',
      from: 100,
      to: 98,
      base: 100,
      terms: [{ source: 'chk_haproxy', kind: 'script', delta: -2, status: 'failed' }],
    },
    {
      t: 15_837_000,
      kind: 'state',
      node: 'b',
      instance: 'b/vi',
      from: 'BACKUP',
      to: 'MASTER',
      cause: {
        code: 'master-down-timer',
        t: 15_837_000,
        node: 'b',
        lastAdvert: { t: 12_224_000, from: 'a', priority: 100 },
        mdiUs: 3_613_000,
        silence: 'lower-priority',
        priority: { own: 99, other: 98, otherNode: 'a' },
        evidence: [],
      },
      chain: [],
    },
    { t: 15_838_000, kind: 'timer', node: 'b', instance: 'b/vi', timer: 'advert', deadline: 16_838_000 },
  ];
  const t = trace(events);
  const index = new FrameIndex(t);
  expect(narrate(events[3], t, index)).toBe(
    "15.837 s — b became MASTER of VRID 200: b's master-down timer (3.613 s) expired after the last advert it accepted, " +
      "a's at 12.224 s (priority 100): a kept advertising at priority 98, below b's 99, which b discards without resetting its timer",
  );
  expect(narrate(events[2], t, index)).toBe(
    '12.000 s — a VRID 200: priority 100 → 98: chk_haproxy failed (-2)',
  );
  expect(narrate(events[4], t, index)).toBeNull();
  expect(narrateBetween(t, index, 3_609_375, 20_000_000)).toHaveLength(3);
  expect(narrateBetween(t, index, 0, 20_000_000, 2)[1]).toMatch(/^15\.837 s/);
});

it('reads chapter routes and presenter mode', () => {
  expect(chapterFromHash('#/tutorial/3', 8)).toBe(2);
  expect(chapterFromHash('#/tutorial', 8)).toBe(0);
  expect(chapterFromHash('#/tutorial/99', 8)).toBe(7);
  expect(chapterFromHash('#/tutorial/6?share=1.x', 8)).toBe(5);
  expect(chapterHash(4, '#/tutorial/1?present')).toBe('#/tutorial/5?present');
  expect(chapterHash(1, '#/tutorial/1?share=1.abc&present')).toBe('#/tutorial/2?present');
  expect(chapterHash(1, '#/tutorial/1?share=1.abc')).toBe('#/tutorial/2');
  expect(wantsPresenter('?present', '')).toBe(true);
  expect(wantsPresenter('', '#/tutorial/2?present')).toBe(true);
  expect(wantsPresenter('?presenter', '#/tutorial/2')).toBe(false);
});

it('narrates one fault once, not again as the process change it causes', () => {
  // The tutorial's own run: haproxy killed on prod-haproxy-000 at 20.3 s and started again at 40.3 s.
  const run = simulate(tutorialScenario(), { untilUs: 60_000_000 });
  const t = run.value!;
  const index = new FrameIndex(t);
  const lines = narrateBetween(t, index, 0, t.endUs, 10_000);
  const about = (at: string) =>
    lines.filter((l) => l.startsWith(at) && /haproxy (killed|stopped|started)/.test(l));
  expect(about('20.300 s')).toEqual(['20.300 s — haproxy killed on prod-haproxy-000']);
  expect(about('40.300 s')).toEqual(['40.300 s — haproxy started on prod-haproxy-000']);
  expect(new Set(lines).size).toBe(lines.length);
  // Still narrated when no fault explains it: a capture or a process change of the daemon itself.
  const bare = { ...t, events: t.events.filter((e) => e.kind !== 'fault') };
  expect(narrateBetween(bare, new FrameIndex(bare), 20_000_000, 20_400_000)).toContain(
    '20.300 s — haproxy stopped on prod-haproxy-000',
  );
});

it("chapter 6's list tells the takeover as the cause model has it, and the chapter's text agrees", () => {
  const t = simulate(tutorialScenario(), { untilUs: 60_000_000 }).value!;
  const chapter = CHAPTERS[5];
  const range = chapterRange(chapter, t);
  const lines = narrateBetween(t, new FrameIndex(t), range.fromUs, range.toUs, 50);
  const f = t.events.find((e) => e.kind === 'failover' && e.vrid === 200 && e.from !== null)!;
  if (f.kind !== 'failover') throw new Error('no failover');
  // The master-down timer ran 3.613 s from the last advert 001 accepted, 000's at priority 100.
  expect(f.cause.code).toBe('master-down-timer');
  expect(f.cause.lastAdvert?.priority).toBe(100);
  const timer = secondsLabel(f.cause.mdiUs!);
  expect(timer).toBe('3.613 s');
  const failoverLine = lines.find((l) => l.includes('VRID 200: prod-haproxy-000 → prod-haproxy-001'))!;
  expect(failoverLine).toContain(`master-down timer (${timer}) expired after the last advert it accepted`);
  expect(failoverLine).toContain('(priority 100)');
  // The 0.613 s is the gap since 000's last advert, sent at 98: said so, never as "the last advert".
  expect(failoverLine).toMatch(/gap since prod-haproxy-000's last advert, at priority 98: 0\.61\d s/);
  expect(lines.join('\n')).not.toMatch(/s after the last advert\)/);
  const text = chapter.body.map((b) => b.text ?? '').join(' ');
  expect(text).toContain(`${timer} after the last advert at ${f.cause.lastAdvert!.priority}`);
});
