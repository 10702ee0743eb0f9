/**
 * `vrrpscope analyze` (analyzeCaptureIndex, the CLI's code path) on each recording of the real
 * daemon reproduces the truth file's master changes: every time keepalived reported MASTER, the
 * report has a master run from that node starting then (the takeover advert precedes the notify,
 * usually by well under a millisecond), and every master run it reports belongs to a node that
 * keepalived had in MASTER state, alive and not stopped, at that moment.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCaptureIndex, type AnalyzeReport } from '../../src/lib/analysis';
import { parseConfig } from '../../src/lib/config';
import { canonicalIP, linkLocalFromMac } from '../../src/lib/net/address';
import { fileSource } from '../../src/lib/pcap/node-source';
import { recordings, type Recording, type Truth } from './truth';

/** How far a master run's first advert may be from keepalived's MASTER notify, seconds: the FIFO reader is a
 * shell loop, and on a loaded machine it reads a line up to ~100 ms late (seen in one-way). */
const NOTIFY_SLACK_S = 0.25;

interface Source {
  node: string;
  instance: string;
  vrid: number;
  address: string;
}

/** The address each node's instance advertises from: unicast_src_ip, the interface's address, or its link-local (IPv6). */
function sources(truth: Truth): Source[] {
  return truth.nodes.flatMap((n) => {
    const cfg = parseConfig(n.config, { file: n.name }).value;
    return (cfg?.instances ?? []).flatMap((i) => {
      if (!i.interface || i.vrid === undefined) return [];
      const address =
        i.family === 'ipv6'
          ? linkLocalFromMac(n.mac[i.interface])
          : (i.unicastSrcIp ?? n.interfaces[i.interface]?.[0]?.split('/')[0]);
      return address
        ? [{ node: n.name, instance: i.name, vrid: i.vrid, address: canonicalIP(address) ?? address }]
        : [];
    });
  });
}

/** keepalived's last reported state of (node, instance) at time t, seconds. */
function stateAt(truth: Truth, node: string, instance: string, t: number): string | undefined {
  let s: string | undefined;
  for (const e of truth.events)
    if (e.kind === 'state' && e.node === node && e.instance === instance && e.t <= t) s = e.state;
  return s;
}

/** Whether the node's daemon runs (started or resumed, not killed, stopped or paused) at time t. */
function daemonRunsAt(truth: Truth, node: string, t: number): boolean {
  let runs = false;
  for (const e of truth.events) {
    if (e.kind !== 'fault' || e.node !== node || e.t > t) continue;
    if (e.action === 'start-keepalived' || e.action === 'resume-keepalived') runs = true;
    if (e.action === 'kill-keepalived' || e.action === 'stop-keepalived' || e.action === 'pause-keepalived')
      runs = false;
  }
  return runs;
}

const reports = new Map<string, AnalyzeReport>();
async function report(rec: Recording): Promise<AnalyzeReport> {
  const cached = reports.get(rec.name);
  if (cached) return cached;
  const { report: r } = await analyzeCaptureIndex(await fileSource(rec.capture), {
    name: rec.name,
    traceRows: 0,
  });
  reports.set(rec.name, r);
  return r;
}

describe('analyze reproduces the master changes of the real daemon (captures/)', () => {
  for (const rec of recordings()) {
    describe(rec.name, () => {
      const srcs = sources(rec.truth);

      it('reads the whole capture without errors', async () => {
        const r = await report(rec);
        expect(r.vrrpPackets).toBeGreaterThan(5);
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });

      it('every MASTER keepalived reported starts a master run of that node', async () => {
        const r = await report(rec);
        const missing: string[] = [];
        for (const e of rec.truth.events) {
          if (e.kind !== 'state' || e.state !== 'MASTER' || !e.instance) continue;
          const src = srcs.find((s) => s.node === e.node && s.instance === e.instance);
          expect(src, `${e.node} ${e.instance}`).toBeDefined();
          const runs = r.routers.filter((x) => x.vrid === src!.vrid).flatMap((x) => x.masters);
          const hit = runs.some(
            (m) =>
              (canonicalIP(m.source) ?? m.source) === src!.address &&
              Math.abs(m.from - e.t) <= NOTIFY_SLACK_S,
          );
          if (!hit)
            missing.push(
              `${e.t} s: ${e.node} ${e.instance} (VRID ${src!.vrid}, ${src!.address}) became MASTER`,
            );
        }
        expect(missing).toEqual([]);
      });

      it('every master run belongs to a node keepalived had in MASTER, running', async () => {
        const r = await report(rec);
        const wrong: string[] = [];
        for (const router of r.routers)
          for (const m of router.masters) {
            const src = srcs.find(
              (s) => s.vrid === router.vrid && s.address === (canonicalIP(m.source) ?? m.source),
            );
            if (!src) {
              wrong.push(`VRID ${router.vrid}: run from unknown source ${m.source} at ${m.from} s`);
              continue;
            }
            // The notify follows the state change by well under a millisecond: a node that becomes
            // MASTER (takeover advert first, §2.7) may still read BACKUP at the run's first advert.
            const state = stateAt(rec.truth, src.node, src.instance, m.from);
            const enteredNear = rec.truth.events.some(
              (e) =>
                e.kind === 'state' &&
                e.node === src.node &&
                e.instance === src.instance &&
                e.state === 'MASTER' &&
                Math.abs(e.t - m.from) <= NOTIFY_SLACK_S,
            );
            if ((state !== 'MASTER' && !enteredNear) || !daemonRunsAt(rec.truth, src.node, m.from))
              wrong.push(
                `VRID ${router.vrid}: run of ${src.node} from ${m.from} s, but keepalived says ${state}`,
              );
          }
        expect(wrong).toEqual([]);
      });
    });
  }
});
