/**
 * A takeover without gratuitous ARP (§5.2) is flagged only where a node really became MASTER: in
 * every evidence recording, each no-garp anomaly of the switch capture is a node the truth file shows
 * entering MASTER within a second. A master the capture lost sight of and sees again is no takeover:
 * on a VRID two clusters share, each cluster's adverts push the other's master's advert timer (§2.11),
 * and a GARP for another cluster's address is none of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCaptureIndex } from '../../../src/lib/analysis';
import { EVIDENCE_DIR, evidenceFile, recordings } from '../evidence/samples';

interface Truth {
  nodes: { name: string; interfaces: Record<string, string[]> }[];
  events: { t: number; kind: string; node?: string; state?: string }[];
}

describe('no-garp-after-takeover against the truth', () => {
  for (const rec of recordings())
    it(`${rec}: each takeover flagged is a node entering MASTER`, async () => {
      const truth = JSON.parse(readFileSync(join(EVIDENCE_DIR, rec, 'truth.json'), 'utf8')) as Truth;
      const { report } = await analyzeCaptureIndex(evidenceFile(rec, 'switch.pcap'), { name: rec });
      for (const a of report.anomalies.filter((x) => x.code === 'no-garp-after-takeover')) {
        const address = a.message.split(' ')[0];
        const node = truth.nodes.find((n) =>
          Object.values(n.interfaces).some((list) => list.some((x) => x.split('/')[0] === address)),
        )!.name;
        const entered = truth.events.some(
          (e) => e.kind === 'state' && e.state === 'MASTER' && e.node === node && Math.abs(e.t - a.at) < 1,
        );
        expect(entered, `${rec} at ${a.at} s: ${a.message}`).toBe(true);
      }
    });

  it('vrid-collision: the cluster whose master the other one silences owes no GARP', async () => {
    const { report } = await analyzeCaptureIndex(evidenceFile('vrid-collision', 'switch.pcap'), {
      name: 'vrid-collision',
    });
    expect(report.anomalies.filter((a) => a.code === 'no-garp-after-takeover')).toEqual([]);
  });
});
