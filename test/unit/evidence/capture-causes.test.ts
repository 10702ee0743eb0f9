/**
 * The causes an investigation gives for a capture's failovers are the capture analysis' own (its
 * chain, its evidence), moved onto the common clock and the investigation's node names
 * (src/lib/evidence/capture-causes.ts), and a node's own log answers what the capture could not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCaptureIndex } from '../../../src/lib/analysis/index';
import { investigate, type InvestigateInput } from '../../../src/lib/evidence/investigate';
import { formatInvestigation } from '../../../src/lib/evidence/report';
import type { Transition } from '../../../src/lib/evidence/transitions';
import { describeCause, type Cause } from '../../../src/lib/trace/cause';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile, evidenceFiles, recordings } from './samples';

const US = 1_000_000;
const capture = (rec: string): InvestigateInput => ({
  file: 'switch.pcap',
  bytes: evidenceFile(rec, 'switch.pcap'),
});
const log = (rec: string, node: string): InvestigateInput => ({
  file: `${node}.log`,
  bytes: evidenceFile(rec, `${node}.log`),
  node,
});

/** A transition's sentence as the investigation words it: times from the start of the evidence. */
function sentence(tr: Transition, originUs: number): string {
  const rel = (c: Cause): Cause => ({
    ...c,
    t: c.t - originUs,
    lastAdvert: c.lastAdvert && { ...c.lastAdvert, t: c.lastAdvert.t - originUs },
  });
  return describeCause({ cause: rel(tr.cause), chain: tr.chain.map(rel) });
}

describe('a capture investigated alone says what `analyze` says of it', () => {
  for (const rec of recordings())
    it(rec, async () => {
      const bytes = evidenceFile(rec, 'switch.pcap');
      const { report } = await analyzeCaptureIndex(bytes);
      const inv = await investigate([capture(rec)]);
      const originUs = report.epochStart! * US;
      const failovers = report.routers.flatMap((r) => r.failovers.map((f) => ({ ...f, vrid: r.vrid })));
      // Every takeover the investigation took from the capture (but the first master it shows).
      const taken = inv.transitions.filter((x) => x.timeFrom === 'capture');
      let compared = 0;
      for (const tr of taken) {
        const f = failovers.find(
          (x) => x.to === tr.node && x.vrid === tr.vrid && Math.abs(originUs + x.at * US - tr.t) < 1000,
        );
        if (!f) {
          // No change of master the report lists (the first master, a dual master's second, an entry
          // the analysis left out of its changes): a split brain, or unknown, never a guess.
          const second = tr.chain.some((c) => c.code === 'split-brain');
          expect(second || tr.cause.code === 'unknown-from-capture', `${rec}: ${tr.node} at ${tr.t}`).toBe(
            true,
          );
          continue;
        }
        compared++;
        expect(tr.cause.code).toBe(f.cause);
        const why = sentence(tr, originUs);
        // The analysis cannot say why a master fell silent; the investigation says so with the old
        // master's last advert cited ('vanished'), and the rest word for word.
        if (tr.chain[0]?.code === 'vanished') {
          expect(f.why!.split('; then ')[0]).toMatch(/unknown from the capture/);
          expect(why.split('; then ').slice(1)).toEqual(f.why!.split('; then ').slice(1));
        } else expect(why).toBe(f.why);
        // Every packet the chain cites is a packet of the capture, with what it shows.
        for (const c of [...tr.chain, tr.cause])
          for (const e of c.evidence)
            if (e.kind === 'packet') {
              expect(e.source).toBe(0);
              expect(e.packet).toBeGreaterThan(0);
              expect(e.text).toMatch(/advert from 192\.168\.50\.\d+/);
            }
      }
      expect(compared > 0).toBe(failovers.length > 0);
      // Each packet an incident cites is listed once (its chain's causes often cite the same one).
      for (const i of inv.incidents) {
        const keys = i.evidence.map((e) => JSON.stringify([e.kind, e.kind === 'packet' ? e.packet : e]));
        expect(new Set(keys).size).toBe(keys.length);
      }
      // The failover incidents say the same sentences.
      for (const i of inv.incidents)
        if (i.kind === 'failover')
          expect(i.summary).toBe(`${i.from} → ${i.to}: ${sentence(i.transition!, originUs)}`);
    });
});

describe('a dual master on the wire is a split brain, with the capture alone', () => {
  for (const rec of ['partition', 'nft-oneway'])
    it(rec, async () => {
      const inv = await investigate([capture(rec)]);
      const brains = inv.incidents.filter((i) => i.kind === 'split-brain');
      expect(brains.length, rec).toBe(1);
      expect(brains[0].chain).toEqual(['split-brain']);
      expect(brains[0].end - brains[0].start).toBeGreaterThan(4 * US);
    });
});

describe('what the capture could not know, a log answers', () => {
  it('SIGTERM: the priority-0 advert and the skew, never "kept advertising at priority 0"', async () => {
    for (const inputs of [[capture('sigterm')], [capture('sigterm'), log('sigterm', 'n1')]]) {
      const inv = await investigate(inputs);
      const f = inv.incidents.find((i) => i.kind === 'failover' && i.to === '192.168.50.12')!;
      expect(f.chain.slice(-2)).toEqual(['priority-zero', 'master-down-timer']);
      expect(f.summary).toMatch(/ran only the skew \(0\.613 s\)/);
      for (const i of inv.incidents) expect(i.summary).not.toMatch(/advertising at priority 0\b/);
    }
  });

  it('haproxy killed: the log of the old master alone gives the root, the capture the rest', async () => {
    const inv = await investigate([capture('haproxy'), log('haproxy', 'n1')]);
    const f = inv.incidents.find((i) => i.kind === 'failover' && i.from === 'n1')!;
    expect(f.chain).toEqual(['script-failed', 'master-down-timer']);
    const cause = f.transition!.cause;
    expect(cause.silence).toBe('lower-priority');
    expect(cause.priority).toEqual({ own: 99, other: 98, otherNode: 'n1' });
    expect(f.summary).toMatch(
      /^n1 → 192\.168\.50\.12: track script chk_haproxy failed on n1 \(priority 100 → 98\)/,
    );
  });

  it('SIGKILL: the takeover from the killed master is found, from its last advert', async () => {
    const kill = decodeText(evidenceFile('sigkill', 'events.log'))
      .split('\n')
      .map((l) => l.split(' '))
      .find((w) => w[1] === 'fault' && w[3] === 'kill-keepalived')!;
    const killedUs = Number(kill[0]) * US;
    expect(evidenceFiles('sigkill')).toContain('n1.log');
    const inv = await investigate([capture('sigkill'), log('sigkill', 'n1')]);
    const f = inv.incidents.find((i) => i.kind === 'failover' && i.from === 'n1');
    expect(f).toBeDefined();
    expect(f!.chain).toEqual(['vanished', 'master-down-timer']);
    // Its last advert: within one advert interval before the kill.
    expect(f!.start).toBeLessThanOrEqual(killedUs);
    expect(f!.start).toBeGreaterThan(killedUs - 1.1 * US);
  });
});

describe('a CARP capture investigated alone', () => {
  const carp = (name: string): InvestigateInput => ({
    file: `${name}.pcap`,
    bytes: new Uint8Array(readFileSync(join(import.meta.dirname, '../../../captures/carp', `${name}.pcap`))),
  });
  // The master was killed, cut off or stopped and the other took over: one master at a time.
  for (const name of ['ucarp-kill', 'ucarp-sigterm', 'ucarp-nopreempt', 'ucarp-cable'])
    it(`${name}: a failover from the silent master, no split brain`, async () => {
      const inv = await investigate([carp(name)]);
      expect(inv.incidents.filter((i) => i.kind === 'split-brain')).toEqual([]);
      expect(inv.diagnoses.map((d) => d.code)).not.toContain('multicast-not-delivered');
      expect(inv.diagnoses.map((d) => d.code)).not.toContain('capture-without-vrrp');
      const f = inv.incidents.find((i) => i.kind === 'failover')!;
      expect([f.from, f.to]).toEqual(['192.168.50.11', '192.168.50.12']);
      expect(f.chain).toEqual(['vanished', 'master-down-timer']);
      expect(f.summary).toMatch(/^192\.168\.50\.11 → 192\.168\.50\.12: CARP on 192\.168\.50\.11 vanished/);
      // No priority is made up for CARP, and the adverts cited are the capture's CARP adverts.
      expect(f.transition!.cause.lastAdvert!.priority).toBeUndefined();
      for (const e of f.evidence) {
        expect(e.kind === 'packet' && e.packet).toBeGreaterThan(0);
        expect(e.kind === 'packet' && e.text).toMatch(/(CARP advert|last advert) from 192\.168\.50\.1[12]/);
      }
    });

  // u1 killed, u2 wins the race of two backups (advskew 50 against u3's 100), u2 killed, u3 takes
  // over, u1 back preempts u3, which goes on advertising for 0.78 s (packets 31, 32) before it yields.
  it('ucarp-three: each master silent is the root, and a preemption overlap is no split brain', async () => {
    const inv = await investigate([carp('ucarp-three')]);
    expect(inv.incidents.map((i) => [i.kind, i.from, i.to, i.chain])).toEqual([
      ['failover', '192.168.50.11', '192.168.50.12', ['vanished', 'higher-priority']],
      ['failover', '192.168.50.12', '192.168.50.13', ['vanished', 'master-down-timer']],
      ['failover', '192.168.50.13', '192.168.50.11', ['higher-priority']],
    ]);
    expect(inv.incidents[0].summary).toMatch(
      /CARP on 192\.168\.50\.11 vanished .*; then 192\.168\.50\.12 has the higher priority \(CARP: more frequent advertisement \(advbase 1 advskew 50 against 192\.168\.50\.13's/,
    );
    expect(inv.diagnoses.map((d) => d.code)).not.toContain('multicast-not-delivered');
  });
});

/** Every file of a recording that investigate reads: captures, logs and configs, each pinned to its node. */
function everything(rec: string): InvestigateInput[] {
  return evidenceFiles(rec)
    .filter((f) => /^(switch\.pcap|n\d\.(pcap|log|conf))$/.test(f))
    .map((f) => ({
      file: f,
      bytes: evidenceFile(rec, f),
      ...(f.startsWith('n') ? { node: f.slice(0, 2) } : {}),
      ...(f.endsWith('.conf') ? { kind: 'keepalived-conf' as const } : {}),
    }));
}

describe('sentences that hold with all the evidence', () => {
  for (const rec of recordings())
    it(`${rec}: a "lower" priority is lower, a priority 0 names its sender (with and without captures)`, async () => {
      const all = everything(rec);
      for (const inv of [
        await investigate(all),
        await investigate(all.filter((i) => !i.file.endsWith('.pcap'))),
      ])
        for (const i of inv.incidents) {
          expect(i.summary).not.toMatch(/at priority lower|the master kept advertising/);
          for (const [, other, own] of i.summary.matchAll(
            /kept advertising at priority (\d+), below \S+'s (\d+)/g,
          ))
            expect(Number(other), i.summary).toBeLessThan(Number(own));
          expect(i.summary).not.toMatch(/the node sent a priority-0/);
        }
    });

  it('haproxy, logs alone: the backup names the master whose lower adverts it discarded', async () => {
    const inv = await investigate(everything('haproxy').filter((i) => !i.file.endsWith('.pcap')));
    const f = inv.incidents.find((i) => i.kind === 'failover' && i.from === 'n1')!;
    expect(f.summary).toMatch(
      /then n2's master-down timer expired: n1 kept advertising at a lower priority, which n2 discards without resetting its timer\.$/,
    );
  });

  it("the VRID collision: n2 MASTER for 5 ms inside n1's run is no failover, and n1 did not vanish", async () => {
    const inv = await investigate(everything('vrid-collision'));
    expect(inv.incidents.filter((i) => i.kind === 'failover').map((i) => [i.from, i.to])).toEqual([
      ['n3', 'n4'],
    ]);
    // n2's takeovers: n1 fell silent on the wire while its log wrote on (the other cluster's
    // adverts pushing its timer), which the chain says, never that n1 vanished or advertised lower.
    const n2 = inv.transitions.filter(
      (t) => t.node === 'n2' && t.to === 'MASTER' && t.cause.code !== 'startup',
    );
    expect(n2.length).toBeGreaterThan(0);
    for (const t of n2) {
      expect(t.chain.map((c) => c.code)).not.toContain('vanished');
      expect(t.cause.priority?.otherNode).not.toBe('n4');
    }
    expect(n2.some((t) => /while its log kept writing/.test(t.chain[0]?.detail ?? ''))).toBe(true);
  });
});

// The higher node returning takes back the VRID by its master-down timer (it discards the lower
// adverts, §2.5). Why it was away, the capture cannot say; what it shows of it, the sentence says.
describe('a failback from the capture alone', () => {
  const failbacks = async (rec: string) =>
    (await investigate([capture(rec)])).incidents
      .filter((i) => i.kind === 'failover' && i.to === '192.168.50.11')
      .map((i) => i.summary);

  it('haproxy: the returning master advertised 98 when it left, 100 now', async () => {
    expect(await failbacks('haproxy')).toEqual([
      expect.stringMatching(
        /^192\.168\.50\.12 → 192\.168\.50\.11: 192\.168\.50\.11's priority rose from 98 to 100 \(why is unknown from the capture\); then 192\.168\.50\.11's master-down timer/,
      ),
    ]);
  });

  it('sigkill: first seen, then back after its silence, never "why does it now outrank"', async () => {
    const [first, back] = await failbacks('sigkill');
    expect(first).toMatch(
      /its first advert in the capture, at priority 100 above 192\.168\.50\.12's 99: keepalived started, or a backup all along\?/,
    );
    expect(back).toMatch(
      /192\.168\.50\.11: back after 1\d\.\d s without an advert, at priority 100 above 192\.168\.50\.12's 99: restarted/,
    );
    for (const rec of recordings())
      for (const s of await failbacks(rec)) expect(s).not.toMatch(/now outrank/);
  });
});

// A master that drops its peers' adverts (VIP lists that differ, §8.3) is silent while they advertise:
// each of their packets pushes its advert timer (§2.11). It is still MASTER, as its log shows.
describe('masters silenced by adverts they drop, from the capture alone', () => {
  it('drift: one split brain to the end, as the logs tell, not a run of failovers', async () => {
    const inv = await investigate([capture('drift')]);
    expect(inv.incidents.map((i) => [i.kind, i.from, i.to])).toEqual([
      ['split-brain', '192.168.50.11', '192.168.50.12'],
    ]);
    expect(inv.incidents[0].end - inv.incidents[0].start).toBeGreaterThan(20 * US);
  });

  it("vrid-collision: each cluster's own master held on; n3 → n4 is the one failover, as the logs tell", async () => {
    const inv = await investigate([capture('vrid-collision')]);
    expect(inv.incidents.map((i) => [i.kind, i.from, i.to])).toEqual([
      ['failover', '192.168.50.13', '192.168.50.14'],
    ]);
    expect(inv.diagnoses.map((d) => d.code)).toEqual(['vrid-collision']);
  });
});

describe("pasted tcpdump text alone tells the capture's incidents", () => {
  const incidents = async (input: InvestigateInput) =>
    (await investigate([input])).incidents.map((i) => [i.kind, i.from, i.to, i.chain.join(' ')]);
  for (const rec of recordings())
    it(rec, async () => {
      const fromCapture = await incidents(capture(rec));
      for (const form of ['-v', '-n']) {
        // Without -v tcpdump prints no VIP lists: only they tell two clusters on one VRID apart, and
        // nodes whose lists differ drop each other's adverts (drift: two masters, §8.3).
        if (form === '-n' && (rec === 'vrid-collision' || rec === 'drift')) continue;
        const file = `switch.tcpdump${form}.txt`;
        expect(await incidents({ file, bytes: evidenceFile(rec, file) }), `${rec} ${form}`).toEqual(
          fromCapture,
        );
      }
    });

  it('times of day alone are given without a date, and the report says so', async () => {
    const inv = await investigate([
      { file: 'switch.tcpdump-n.txt', bytes: evidenceFile('haproxy', 'switch.tcpdump-n.txt') },
    ]);
    expect(inv.unanswered.join('\n')).toMatch(/times of day only and no other evidence has a date/);
    expect(formatInvestigation(inv)).toMatch(/FAILOVER VRID 50 {2}21:09:45\.604 \(no date\)/);
  });
});
