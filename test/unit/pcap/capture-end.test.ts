/**
 * A master that falls silent shortly before a capture ends: once a Master_Down_Interval has passed
 * since its last advert, a backup at its priority would have given up on it (§2.2), so the capture's
 * reading ends its MASTER run there as unknown, instead of drawing it MASTER with its VIPs to the end.
 *
 * The capture is real: owner-255.pcap (n1, priority 255, is SIGKILLed; its last advert is at
 * 9.384167 s and n2 takes over at 12.993948 s) merged with panda.pcap's two clusters, shifted to
 * advertise on the same LAN at x.52 s, then cut with tshark before n2's takeover. Panda's adverts keep
 * the capture going past n1's silence, as another cluster's traffic does on a shared segment.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis';
import { FrameIndex } from '../../../src/lib/trace/frame';
import type { Trace } from '../../../src/lib/trace/types';
import { masterDownUs } from '../../../src/lib/vrrp/timers';
import { hasTshark } from '../capture-files';

const OWNER = 'captures/owner-255.pcap';
const PANDA = 'captures/panda.pcap';
const N1 = '192.168.50.11';
/** n1's last advert before the kill, seconds into owner-255.pcap (tshark). */
const LAST_S = 9.384167;

const tool = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const startS = (file: string) => Number(tool('capinfos', ['-a', '-T', '-r', '-S', file]).split('\t')[1]);

/** owner-255.pcap with Panda's traffic on the same LAN, cut at `cutS` seconds. */
function mergedCut(cutS: number): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'capture-end-'));
  const shifted = join(dir, 'panda.pcap');
  const merged = join(dir, 'merged.pcap');
  const cut = join(dir, 'cut.pcap');
  tool('editcap', ['-t', String(startS(OWNER) - startS(PANDA) + 0.5), PANDA, shifted]);
  tool('mergecap', ['-F', 'pcap', '-w', merged, OWNER, shifted]);
  tool('tshark', ['-r', merged, '-Y', `frame.time_relative <= ${cutS}`, '-w', cut]);
  return new Uint8Array(readFileSync(cut));
}

async function n1States(
  cutS: number,
): Promise<{ trace: Trace; last: { t: number; to: string; code: string } }> {
  const { trace } = await analyzeCapture(mergedCut(cutS), { name: `owner-255 cut at ${cutS} s` });
  const moves = trace.events.filter(
    (e): e is Extract<typeof e, { kind: 'state' }> =>
      e.kind === 'state' && e.node === N1 && trace.instances.find((i) => i.id === e.instance)?.vrid === 50,
  );
  const last = moves.at(-1)!;
  return { trace, last: { t: last.t, to: last.to, code: last.cause.code } };
}

describe.skipIf(!hasTshark)('a master silent for a Master_Down_Interval before the capture ends', () => {
  it('ends its run as unknown-from-capture at its last advert + MDI, and its VIP with it', async () => {
    const { trace, last } = await n1States(12.98);
    // Panda's adverts run on to 12.52 s, past 9.384167 + MDI(255) = 12.388073 s.
    expect(trace.endUs).toBeGreaterThan(12_500_000);
    const goneUs = Math.round(LAST_S * 1e6) + masterDownUs(2, 255, 1_000_000);
    expect(last).toEqual({ t: goneUs, to: 'INIT', code: 'unknown-from-capture' });
    const end = new FrameIndex(trace).frameAt(trace.endUs);
    const inst = trace.instances.find((i) => i.node === N1 && i.vrid === 50)!;
    expect(end.instances[inst.id].state).toBe('INIT');
    const vip = trace.events.filter((e) => e.kind === 'vip' && e.address === '192.168.50.100');
    expect(vip.map((e) => [e.t, e.kind === 'vip' && e.op])).toEqual([
      [expect.any(Number), 'add'],
      [goneUs, 'remove'],
    ]);
    // No failover: nobody took over in the capture.
    expect(trace.events.filter((e) => e.kind === 'failover' && e.vrid === 50)).toEqual([]);
  });

  it('keeps it MASTER when the capture ends within the MDI: it cannot know yet', async () => {
    // Panda's adverts at 11.52 s end the capture: n1 silent for two intervals, not yet for an MDI.
    const { trace, last } = await n1States(12.3);
    expect(trace.endUs / 1e6 - LAST_S).toBeGreaterThan(2);
    expect(last.to).toBe('MASTER');
  });
});
