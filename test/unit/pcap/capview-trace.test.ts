/**
 * The Trace a capture builds says only what the capture shows: advertised priorities as `priority`
 * events (docs/vrrp-behaviour.md §2.4, §4.8: chk_haproxy's weight −2 takes VRID 200 from 100 to 98),
 * checked against tshark's reading of captures/panda.pcap.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { FrameIndex } from '../../../src/lib/trace/frame';
import { REPO_ROOT } from '../../shared-path';

const PANDA = join(REPO_ROOT, 'captures/panda.pcap');
const S = 1_000_000;

async function panda(configs = false) {
  const truth = JSON.parse(readFileSync(join(REPO_ROOT, 'captures/panda.truth.json'), 'utf8')) as {
    nodes: { name: string; config: string }[];
  };
  const { trace } = await analyzeCapture(new Uint8Array(readFileSync(PANDA)), {
    name: 'panda.pcap',
    configs: configs ? truth.nodes.map((n) => ({ file: `${n.name}.conf`, text: n.config })) : [],
  });
  return { trace, frames: new FrameIndex(trace) };
}

describe('panda.pcap: advertised priorities become priority events', () => {
  it('192.168.3.4 VRID 200 is at 100 at 5 s and at 98 at 15.5 s', async () => {
    const { trace, frames } = await panda();
    const id = trace.instances.find((i) => i.node === '192.168.3.4' && i.vrid === 200)!.id;
    expect(frames.frameAt(5 * S).instances[id].priority).toBe(100);
    expect(frames.frameAt(15.5 * S).instances[id].priority).toBe(98);
    expect(frames.frameAt(30 * S).instances[id].priority).toBe(100);
    expect(trace.events.filter((e) => e.kind === 'priority' && e.instance === id)).toMatchObject([
      { t: 14_020_403, from: 100, to: 98, base: 100, terms: [] },
      { t: 28_245_470, from: 98, to: 100, base: 100, terms: [] },
    ]);
  });

  it('every advert tshark reads carries the priority the frame shows at its time', async () => {
    const { trace, frames } = await panda();
    const rows = execFileSync(
      'tshark',
      ['-n', '-r', PANDA, '-Y', 'vrrp', '-T', 'fields', '-e', 'frame.time_relative', '-e', 'ip.src'].concat([
        '-e',
        'vrrp.virt_rtr_id',
        '-e',
        'vrrp.prio',
      ]),
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows.length).toBe(68);
    for (const [t, src, vrid, prio] of rows) {
      const inst = trace.instances.find((i) => i.node === src && i.vrid === Number(vrid))!;
      const f = frames.frameAt(Math.round(Number(t) * S));
      expect(f.instances[inst.id].priority, `${src} VRID ${vrid} at ${t} s`).toBe(Number(prio));
    }
  });

  it('named from keepalived.conf, the base is the configured priority', async () => {
    const { trace } = await panda(true);
    const id = 'prod-haproxy-000/192.168.3.200';
    expect(trace.instances.find((i) => i.id === id)?.basePriority).toBe(100);
    expect(trace.events.filter((e) => e.kind === 'priority' && e.instance === id)).toMatchObject([
      { from: 100, to: 98, base: 100 },
      { from: 98, to: 100, base: 100 },
    ]);
  });
});

describe('panda.pcap: states say only what the capture shows', () => {
  const states = (trace: Awaited<ReturnType<typeof panda>>['trace'], id: string) =>
    trace.events
      .filter((e) => e.kind === 'state' && e.instance === id)
      .map((e) => e.kind === 'state' && [e.t, e.from, e.to, e.cause.code]);

  it('unnamed, 192.168.3.5 VRID 200 stays unknown (INIT) until it is heard at 16.63 s', async () => {
    const { trace, frames } = await panda();
    const id = trace.instances.find((i) => i.node === '192.168.3.5' && i.vrid === 200)!.id;
    expect(frames.frameAt(10 * S).instances[id].state).toBe('INIT');
    expect(states(trace, id)).toEqual([
      [16_633_815, 'INIT', 'MASTER', 'master-down-timer'],
      [28_245_470, 'MASTER', 'BACKUP', 'higher-priority'],
    ]);
    const a = trace.instances.find((i) => i.node === '192.168.3.4' && i.vrid === 200)!.id;
    expect(states(trace, a).map((s) => s && s.slice(1, 3))).toEqual([
      ['INIT', 'MASTER'],
      ['MASTER', 'BACKUP'],
      ['BACKUP', 'MASTER'],
    ]);
  });

  it('named from keepalived.conf, 001 is BACKUP from 000 being master: inferred, not made up', async () => {
    const { trace, frames } = await panda(true);
    const id = 'prod-haproxy-001/192.168.3.200';
    expect(states(trace, id)).toEqual([
      [5_018_725, 'INIT', 'BACKUP', 'unknown-from-capture'],
      [16_633_815, 'BACKUP', 'MASTER', 'master-down-timer'],
      [28_245_470, 'MASTER', 'BACKUP', 'higher-priority'],
    ]);
    const f = frames.frameAt(10 * S).instances[id];
    expect([f.state, f.cause?.code]).toEqual(['BACKUP', 'unknown-from-capture']);
    // The frame before the first advert still knows nothing.
    expect(frames.frameAt(5 * S).instances[id].state).toBe('INIT');
    // An inferred BACKUP never held the VIP, so there is nothing to remove.
    expect(trace.events.some((e) => e.kind === 'vip' && e.instance === id && e.t === 5_018_725)).toBe(false);
  });
});
