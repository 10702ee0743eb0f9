// A capture's initial INIT is "nothing heard yet", so the topology labels it "unknown"; a simulation's
// INIT is keepalived's real INIT state (§2.1) and keeps its name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { FrameIndex } from '../../../src/lib/trace/frame';
import { stateLabel } from '../../../src/ui/topology/render-nodes';
import { explainInstance } from '../../../src/ui/panels/explain';
import { REPO_ROOT } from '../../shared-path';

describe('topology state label', () => {
  it('panda.pcap: 192.168.3.5 VRID 200 reads "unknown" at 10 s, MASTER at 20 s', async () => {
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'captures/panda.pcap')));
    const { trace } = await analyzeCapture(bytes, { name: 'panda.pcap' });
    const id = trace.instances.find((i) => i.node === '192.168.3.5' && i.vrid === 200)!.id;
    const frames = new FrameIndex(trace);
    expect(stateLabel(trace, frames.frameAt(10_000_000).instances[id].state)).toBe('unknown');
    expect(stateLabel(trace, frames.frameAt(20_000_000).instances[id].state)).toBe('MASTER');
    const simulated = { ...trace, origin: { ...trace.origin, source: 'simulation' as const } };
    expect(stateLabel(simulated, 'INIT')).toBe('INIT');
  });

  it('panda.pcap: Explain at the 16.63 s failover quotes the advertised 98 and 99, and claims nothing else', async () => {
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, 'captures/panda.pcap')));
    const { trace } = await analyzeCapture(bytes, { name: 'panda.pcap' });
    const id = trace.instances.find((i) => i.node === '192.168.3.4' && i.vrid === 200)!.id;
    const e = explainInstance(trace, new FrameIndex(trace).frameAt(16_700_000), id)!;
    const numbers = Object.fromEntries(e.numbers.map((n) => [n.label, n.value]));
    expect(numbers['Advertised priority']).toBe('98');
    expect(Object.entries(numbers).find(([k]) => k.startsWith('Peer 192.168.3.5'))?.[1]).toMatch(
      /^MASTER, last advert at 16\.\d+ s with priority 99$/,
    );
    // What happens next is not the capture's to say.
    expect(e.headline).not.toMatch(/takes over|beats|hears/);
  });
});
