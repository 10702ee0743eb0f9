/**
 * A daemon paused by SIGSTOP and woken by SIGCONT (sim/paused-sockets.ts): what its socket holds, and
 * the order keepalived 2.2.7's scheduler reads it in.
 */
import { describe, expect, it } from 'vitest';
import type { RouterSpec } from '../../../src/lib/sim/types';
import type { Trace } from '../../../src/lib/trace/types';
import { SOCKET_QUEUE_FRAMES } from '../../../src/lib/sim/paused-sockets';
import { adverts, entered, garps, kinds, runWorld } from './harness';
import { config, instance, router } from './model-fixtures';

const A = 'a';
const B = 'b';

/** A (.1) and B (.2), each running one instance per VRID with these priorities (VIP 10.0.0.VRID). */
function nodes(prioA: number, prioB: number, vrids: number[]): RouterSpec[] {
  const cfg = (p: number) => config(vrids.map((v) => instance(`VI_${v}`, v, p, [`10.0.0.${v}`])));
  return [
    router(A, '02:00:00:00:00:01', '10.0.0.1/24', cfg(prioA)),
    router(B, '02:00:00:00:00:02', '10.0.0.2/24', cfg(prioB)),
  ];
}

/** What `node` sent at `t` µs, in order: `advert <vrid>` or `garp <address>`, each run as `×n`. */
function sentAt(trace: Trace, node: string, t: number): string[] {
  const out: string[] = [];
  for (const p of trace.packets) {
    if (p.node !== node || p.t !== t) continue;
    const what = p.vrrp ? `advert ${p.vrrp.vrid}` : `garp ${p.announce!.address}`;
    const last = out.length ? out[out.length - 1].split(' ×') : [];
    if (last[0] === what) out[out.length - 1] = `${what} ×${Number(last[1]) + 1}`;
    else out.push(`${what} ×1`);
  }
  return out;
}

describe('SIGSTOP/SIGCONT: the socket queue and keepalived’s read order', () => {
  it('the socket holds 256 frames; later adverts are lost, and the master answers the 256 oldest', () => {
    const resume = 300_500_000;
    const t = runWorld(
      nodes(100, 99, [50]),
      [
        { at: 10.2, action: 'pause-keepalived', node: A },
        { at: resume / 1e6, action: 'resume-keepalived', node: A },
      ],
      301,
    );
    const sent = adverts(t, B).filter((a) => a.t > 10_200_000 && a.t < resume);
    expect(sent.length).toBeGreaterThan(SOCKET_QUEUE_FRAMES + 20);
    const read = kinds(t, 'advert-received').filter((e) => e.node === A && e.t === resume);
    expect(read.map((e) => e.packet)).toEqual(sent.slice(0, SOCKET_QUEUE_FRAMES).map((a) => a.index));
    expect(read.every((e) => e.verdict === 'discarded')).toBe(true);
    const lost = kinds(t, 'advert-lost').filter((e) => e.node === A);
    expect(lost.map((e) => [e.packet, e.reason])).toEqual(
      sent.slice(SOCKET_QUEUE_FRAMES).map((a) => [a.index, 'receive-buffer-full']),
    );
    // Each read is answered with an advert and a GARP burst (§2.6).
    expect(adverts(t, A).filter((a) => a.t === resume)).toHaveLength(SOCKET_QUEUE_FRAMES);
    expect(entered(t, `${B}/VI_50`, 'BACKUP', resume)).toBe(resume);
  });

  it('a read stops after a VRID’s second advert; the overdue GARP bursts follow it, then the other reads', () => {
    // A is MASTER of 50 and 51 from 3.61 s; its second GARP bursts fall due at 8.61 s, while it is
    // paused; B takes both VRIDs at 8.22 s and sends 5 adverts of each, alternately, before A wakes.
    const resume = 12_500_000;
    const t = runWorld(
      nodes(100, 99, [50, 51]),
      [
        { at: 5, action: 'pause-keepalived', node: A },
        { at: resume / 1e6, action: 'resume-keepalived', node: A },
      ],
      13,
    );
    const queued = adverts(t, B).filter((a) => a.t > 5_000_000 && a.t < resume);
    expect(queued.map((a) => t.packets[a.index].vrrp!.vrid)).toEqual([
      50, 51, 50, 51, 50, 51, 50, 51, 50, 51,
    ]);
    const answer = (v: number) => [`advert ${v} ×1`, `garp 10.0.0.${v} ×5`];
    expect(sentAt(t, A, resume)).toEqual([
      // vrrp_dispatcher_read(): 50, 51, then 50 again, which ends the read.
      ...answer(50),
      ...answer(51),
      'advert 50 ×1',
      // Its 5 GARPs, then the timer threads that came due during the pause: each VRID's second
      // burst (§2.7 step 6).
      'garp 10.0.0.50 ×10',
      'garp 10.0.0.51 ×5',
      // The next reads: 51, 50, 51 (ended by 51's second); 50, 51, 50; 51.
      ...answer(51),
      ...answer(50),
      ...answer(51),
      ...answer(50),
      ...answer(51),
      ...answer(50),
      ...answer(51),
    ]);
  });

  it('a BACKUP whose master-down timer ran out while paused reads every queued lower advert before it takes over', () => {
    // B (100) is MASTER, A (99) BACKUP. B drops to 98 at 9.5 s: A discards its adverts (§2.5) and
    // would take over one MDI after the last one it accepted, but it is paused at 10 s. Its timer is
    // the socket read thread's timeout, so at SIGCONT it fires only once the socket is read: A
    // discards all ten queued adverts and then takes over with one advert and one burst.
    const resume = 20_000_000;
    const t = runWorld(
      nodes(99, 100, [50]),
      [
        { at: 9.5, action: 'set-priority', node: B, instance: 'VI_50', priority: 98 },
        { at: 10, action: 'pause-keepalived', node: A },
        { at: resume / 1e6, action: 'resume-keepalived', node: A },
      ],
      21,
    );
    const queued = adverts(t, B).filter((a) => a.t > 10_000_000 && a.t < resume);
    expect(queued).toHaveLength(10);
    const read = kinds(t, 'advert-received').filter((e) => e.node === A && e.t === resume);
    expect(read.map((e) => [e.packet, e.verdict])).toEqual(queued.map((a) => [a.index, 'discarded']));
    expect(entered(t, `${A}/VI_50`, 'MASTER', 10_000_000)).toBe(resume);
    expect(sentAt(t, A, resume)).toEqual(['advert 50 ×1', 'garp 10.0.0.50 ×5']);
    expect(garps(t, A).filter((g) => g.t > resume && g.t < resume + 1_000_000)).toEqual([]);
  });
});
