/**
 * Per recording of captures/evidence/: investigating the captures with the logs and configs, and
 * the logs with the configs alone, gives incidents and causes that agree with the faults the
 * recorder injected (its events.log, stamped on the capture's clock):
 * haproxy killed → script-failed on that node in the chain; SIGTERM → priority-zero; SIGKILL and
 * SIGSTOP → master-down-timer with the old master vanished; cable → interface-down; partition and
 * one-way multicast loss → split-brain.
 */
import { describe, expect, it } from 'vitest';
import { investigate, type InvestigateInput } from '../../../src/lib/evidence/investigate';
import type { Incident } from '../../../src/lib/evidence/incidents';
import { investigationJson } from '../../../src/lib/evidence/report';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile, evidenceFiles } from './samples';

const US = 1_000_000;

/** The recorder's injected faults: epoch µs, node, action. */
function faults(rec: string): { t: number; node: string; action: string }[] {
  return decodeText(evidenceFile(rec, 'events.log'))
    .split('\n')
    .map((l) => l.split(' '))
    .filter((w) => w[1] === 'fault')
    .map((w) => ({ t: Math.round(Number(w[0]) * US), node: w[2], action: w[3] }));
}

function inputs(rec: string, withCaptures: boolean): InvestigateInput[] {
  const out: InvestigateInput[] = [];
  const files = evidenceFiles(rec);
  if (withCaptures) {
    out.push({ file: 'switch.pcap', bytes: evidenceFile(rec, 'switch.pcap') });
    for (const n of ['n1', 'n2'])
      if (files.includes(`${n}.pcap`))
        out.push({ file: `${n}.pcap`, bytes: evidenceFile(rec, `${n}.pcap`), node: n });
  }
  for (const f of files)
    if (/^n\d\.(log|conf)$/.test(f))
      out.push({
        file: f,
        bytes: evidenceFile(rec, f),
        node: f.slice(0, 2),
        kind: f.endsWith('.conf') ? 'keepalived-conf' : undefined,
      });
  return out;
}

/** The first incident of a kind that starts after the fault (within 15 s), allowing the log's resolution. */
function after(incidents: Incident[], kind: string, t: number, slack: number): Incident | undefined {
  return incidents.find((i) => i.kind === kind && i.end >= t - slack && i.start <= t + 15 * US);
}

const CASES: {
  rec: string;
  fault: string;
  check: (i: Incident, slack: number, t: number) => void;
  kind?: string;
}[] = [
  {
    rec: 'haproxy',
    fault: 'kill-process',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain).toContain('script-failed');
      expect(i.transition!.chain.find((c) => c.code === 'script-failed')!.node).toBe('n1');
    },
  },
  {
    rec: 'sigterm',
    fault: 'stop-keepalived',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain).toContain('priority-zero');
    },
  },
  {
    rec: 'shared-conf',
    fault: 'stop-keepalived',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain).toContain('priority-zero');
    },
  },
  {
    // The other cluster on the same VRID: n3 stopped (SIGTERM), n4 took over; n1/n2 are no split brain with them.
    rec: 'vrid-collision',
    fault: 'stop-keepalived',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n3', 'n4']);
      expect(i.chain).toContain('priority-zero');
    },
  },
  {
    rec: 'sigkill',
    fault: 'kill-keepalived',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain).toEqual(['vanished', 'master-down-timer']);
      expect(i.transition!.chain[0].node).toBe('n1');
    },
  },
  {
    rec: 'sigstop',
    fault: 'pause-keepalived',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain).toEqual(['vanished', 'master-down-timer']);
    },
  },
  {
    rec: 'cable',
    fault: 'link-down',
    check: (i) => {
      expect([i.from, i.to]).toEqual(['n1', 'n2']);
      expect(i.chain[0]).toBe('interface-down');
    },
  },
  {
    rec: 'partition',
    fault: 'partition',
    kind: 'split-brain',
    check: (i) => expect(new Set([i.from, i.to])).toEqual(new Set(['n1', 'n2'])),
  },
  {
    rec: 'nft-oneway',
    fault: 'block-multicast',
    kind: 'split-brain',
    check: (i) => expect(new Set([i.from, i.to])).toEqual(new Set(['n1', 'n2'])),
  },
];

describe('investigating the recorded incidents agrees with the injected faults', () => {
  for (const c of CASES)
    for (const withCaptures of [true, false])
      it(`${c.rec}: ${c.fault} (${withCaptures ? 'captures, logs and configs' : 'logs and configs alone'})`, async () => {
        const inv = await investigate(inputs(c.rec, withCaptures));
        const f = faults(c.rec).find((x) => x.action === c.fault)!;
        // Logs alone: whole-second stamps, and the fault's own stamp is taken after the command.
        const slack = withCaptures ? 0.2 * US : 1.5 * US;
        const i = after(inv.incidents, c.kind ?? 'failover', f.t, slack);
        expect(i, JSON.stringify(investigationJson(inv).incidents, null, 1)).toBeDefined();
        c.check(i!, slack, f.t);
        if (withCaptures)
          expect(inv.fits.get(inv.sources.find((s) => s.file === 'n1.log')!.index)!.method).toBe(
            'transitions',
          );
      });

  it('every file of a recording at once, in name order (dumps of hosts sharing a host name stay apart)', async () => {
    const all = evidenceFiles('haproxy').map((f) => ({
      file: f,
      bytes: evidenceFile('haproxy', f),
      node: /^n\d\.log$/.test(f) ? f.slice(0, 2) : undefined,
    }));
    const inv = await investigate(all);
    expect(inv.nodes.nodes.map((n) => n.name)).toEqual(['n1', 'n2']);
    expect(inv.incidents.map((i) => [i.kind, i.from, i.to, i.chain])).toEqual([
      ['failover', 'n1', 'n2', ['script-failed', 'master-down-timer']],
      ['failover', 'n2', 'n1', ['script-recovered', 'master-down-timer']],
    ]);
  });

  for (const withCaptures of [true, false])
    it(`sigstop: n1 wakes still MASTER and takes the VRID back, n2 yielding to its higher priority (${withCaptures ? 'captures' : 'logs alone'})`, async () => {
      const inv = await investigate(inputs('sigstop', withCaptures));
      const cont = faults('sigstop').find((x) => x.action === 'resume-keepalived')!;
      expect(inv.incidents.map((i) => [i.kind, i.from, i.to, i.chain])).toEqual([
        ['failover', 'n1', 'n2', ['vanished', 'master-down-timer']],
        ['failover', 'n2', 'n1', ['higher-priority']],
      ]);
      const back = inv.incidents[1];
      // After the SIGCONT, within the log's second when there is no capture.
      expect(back.end).toBeGreaterThanOrEqual(cont.t - (withCaptures ? 0 : US));
      expect(back.end - cont.t).toBeLessThan(2 * US);
      expect(back.transition!.cause.priority).toEqual({ own: 100, other: 99, otherNode: 'n2' });
      const yielded = inv.transitions.find((t) => t.node === 'n2' && t.from === 'MASTER')!;
      expect(yielded.cause.code).toBe('higher-priority');
      expect(yielded.cause.priority).toMatchObject({ own: 99, other: 100 });
    });

  it('cable: n1 enters FAULT because eth0 went down', async () => {
    const inv = await investigate(inputs('cable', true));
    const t = inv.transitions.find((x) => x.node === 'n1' && x.to === 'FAULT')!;
    expect(t.cause.code).toBe('interface-down');
    expect(t.cause.subject).toBe('eth0');
  });

  it('drift and a VRID collision are diagnosed, and the other cluster is no split brain', async () => {
    const drift = await investigate(inputs('drift', true));
    expect(drift.diagnoses.map((d) => d.code)).toContain('config-drift');
    expect(drift.diagnoses.map((d) => d.code)).not.toContain('multicast-not-delivered');
    const coll = await investigate([
      { file: 'switch.pcap', bytes: evidenceFile('vrid-collision', 'switch.pcap') },
      ...inputs('vrid-collision', false),
    ]);
    expect(coll.diagnoses.map((d) => d.code)).toContain('vrid-collision');
    expect(coll.incidents.filter((i) => i.kind === 'split-brain')).toEqual([]);
    // With logs alone, the configs' VIP lists tell the two clusters apart.
    const logsAlone = await investigate(inputs('vrid-collision', false));
    expect(logsAlone.incidents.filter((i) => i.kind === 'split-brain')).toEqual([]);
  });

  it('one-way loss above the capture point is told apart from loss on the wire', async () => {
    const oneWay = await investigate(inputs('nft-oneway', true));
    expect(oneWay.diagnoses.find((d) => d.code === 'multicast-not-delivered')!.message).toMatch(
      /above the capture point/,
    );
    const part = await investigate(inputs('partition', true));
    expect(part.diagnoses.find((d) => d.code === 'multicast-not-delivered')!.message).toMatch(/both ways/);
  });

  it('one config shared by both nodes, not pinned, reads as each node it is found to be', async () => {
    const rec = 'shared-conf';
    // The configs given as they are: only the logs are pinned (--node n1=n1.log).
    const unpinned = inputs(rec, true).map((i) =>
      i.kind === 'keepalived-conf' ? { ...i, node: undefined } : i,
    );
    const inv = await investigate(unpinned);
    const conf = (f: string) => inv.sources.find((s) => s.file === f)!;
    for (const [f, prio] of [
      ['n1.conf', 100],
      ['n2.conf', 99],
    ] as const) {
      expect(conf(f).config!.model.instances[0].priority).toBe(prio);
      expect(conf(f).diagnostics.map((d) => d.code)).toContain('evidence.config-read-as');
      expect(conf(f).diagnostics.map((d) => d.code)).not.toContain('config.invalid-number');
    }
    // Read with no node, both would say priority 100, and the configs would "predict otherwise".
    expect(inv.diagnoses.map((d) => d.code)).not.toContain('configs-predict-otherwise');
    const w = inv.diagnoses.find((d) => d.code === 'weights-never-move-master');
    expect(w?.message).toMatch(/nopreempt/);
  });
});
