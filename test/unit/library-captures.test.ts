// Issue 7: every library scenario, simulated and exported as pcap and as pcapng with fault comments,
// opens in tshark with zero malformed packets and no expert error.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIO_LIBRARY } from '../../src/lib/scenarios';
import { simulate } from '../../src/lib/sim';
import { writePcap, writePcapng } from '../../src/lib/export/pcap-writer';
import { packetsWithFaultComments } from '../../src/lib/export/fault-comments';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-library-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(file: string, ...args: string[]): string {
  return execFileSync('tshark', ['-n', '-r', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('library scenarios as captures', () => {
  for (const entry of SCENARIO_LIBRARY) {
    it(`${entry.id}: pcap and pcapng pass tshark`, () => {
      const scenario = entry.build();
      const trace = simulate(scenario, { untilUs: (scenario.duration ?? 60) * 1_000_000 }).value;
      const pcap = join(dir, `${entry.id}.pcap`);
      const pcapng = join(dir, `${entry.id}.pcapng`);
      writeFileSync(pcap, writePcap(trace.packets, { epochUs: 0 }));
      writeFileSync(
        pcapng,
        writePcapng(packetsWithFaultComments(trace), { epochUs: 0, comments: [entry.id] }),
      );
      const frames = trace.packets.filter((p) => p.bytes).length;
      for (const file of [pcap, pcapng]) {
        expect(tshark(file).trim().split('\n')).toHaveLength(frames);
        expect(tshark(file, '-Y', '_ws.malformed || _ws.expert.severity >= error').trim()).toBe('');
        expect(
          Number(tshark(file, '-Y', 'vrrp', '-T', 'fields', '-e', 'frame.number').trim().split('\n').length),
        ).toBeGreaterThan(5);
      }
      const comments = tshark(pcapng, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.comment');
      const lastPacketT = trace.packets[trace.packets.length - 1].t;
      for (const e of trace.events) {
        if (e.kind === 'fault' && e.t <= lastPacketT) expect(comments).toContain(e.label);
      }
    });
  }
});
