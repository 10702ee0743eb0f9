/**
 * The oracle test, recordings (issue 15): every recording in captures/ with a truth file is replayed
 * through the code the app uses (analyzeCapture as the capture worker calls it, the FrameIndex the
 * Session seeks, the view's changes of master and VIP holders), and at every truth change + 50 ms:
 *
 * - each node's state per VRID in the view agrees with keepalived's notify lines: MASTER where the
 *   truth says MASTER; BACKUP or unknown where it says BACKUP; never MASTER or BACKUP for a daemon that
 *   was killed or stopped, which a capture cannot see (it may say unknown); a paused daemon is skipped;
 * - the VIP holders drawn include every truth MASTER, and no node that neither is MASTER nor was
 *   killed while master (SIGKILL leaves the VIPs on the interface), except a master whose silence the
 *   capture cannot see yet: it is shown as the capture last saw it, which is unknown, not false;
 * - the failover list (changes of master: time, from, to; gap for takeovers) agrees with the one
 *   computed independently from the truth's notify events (oracle.ts), each MASTER entry dated at the
 *   node's first advert when the notify line came later (onTheWire), and the gap from the packets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/lib/analysis/index';
import { FrameIndex } from '../../src/lib/trace/frame';
import type { Trace } from '../../src/lib/trace/types';
import { masterView } from '../../src/ui/state/master-changes';
import { vipHolders } from '../../src/ui/topology/vip-holders';
import { recordings, type Truth } from './truth';
import { changesFromRuns, type Run, truthChangeTimesUs, truthRuns, truthStateAt, truthVrids } from './oracle';

/** Slack between a notify line and the packet that shows it on the wire, µs. */
const SLACK_US = 50_000;

/**
 * Truth node name → the capture's node ids for it. A capture names a router by the address it sends
 * from (an IPv6 router by its link-local address), so the two are matched by MAC address.
 */
function captureIdsOf(truth: Truth, trace: Trace): Map<string, string[]> {
  return new Map(
    truth.nodes.map((n) => {
      const macs = Object.values(n.mac).map((m) => m.toLowerCase());
      const ids = trace.nodes
        .filter((c) => c.role === 'router' && c.interfaces.some((i) => macs.includes(i.mac.toLowerCase())))
        .map((c) => c.id);
      return [n.name, ids];
    }),
  );
}

function truthName(ids: Map<string, string[]>, id: string | null): string | null {
  if (id === null) return null;
  for (const [name, own] of ids) if (own.includes(id)) return name;
  return id;
}

/**
 * Whether the capture can know at `t` that `ids` stopped advertising for `vrid`: a whole
 * Master_Down_Interval (3 intervals + at most 1 s of skew, §2.2) has passed since its last advert.
 */
function silenceVisible(trace: Trace, ids: string[], vrid: number, t: number): boolean {
  let last: { t: number; cs: number } | null = null;
  for (const p of trace.packets) {
    if (p.t > t) break;
    if (p.type === 'vrrp' && p.vrrp?.vrid === vrid && p.node && ids.includes(p.node))
      last = { t: p.t, cs: p.vrrp.advertIntervalCs || 100 };
  }
  return last === null || t - last.t >= 3 * last.cs * 10_000 + 1_000_000;
}

async function replay(path: string, name: string): Promise<Trace> {
  const { trace } = await analyzeCapture(new Uint8Array(readFileSync(path)), { name });
  return trace;
}

/** Every disagreement between the view and the truth, as readable lines. */
function stateMismatches(trace: Trace, truth: Truth): string[] {
  const index = new FrameIndex(trace);
  const addrs = captureIdsOf(truth, trace);
  const out: string[] = [];
  for (const te of [...new Set(truthChangeTimesUs(truth))].sort((a, b) => a - b)) {
    const t = te + SLACK_US;
    if (t > trace.endUs) continue;
    const frame = index.frameAt(t);
    const holders = vipHolders(trace, frame);
    for (const vrid of truthVrids(truth)) {
      const router = trace.routers.find((r) => r.vrid === vrid);
      const truthMasters: string[] = [];
      const mayHold = new Set<string>();
      for (const [node, own] of addrs) {
        const truthState = truthStateAt(truth, node, vrid, t);
        const inst = trace.instances.find((i) => i.vrid === vrid && own.includes(i.node));
        const shown = inst ? frame.instances[inst.id]?.state : undefined;
        const view = shown === undefined || shown === 'INIT' ? 'unknown' : shown;
        const at = `${(t / 1e6).toFixed(6)} s VRID ${vrid} ${node}`;
        if (truthState === 'MASTER') {
          truthMasters.push(node);
          mayHold.add(node);
          if (view !== 'MASTER') out.push(`${at}: truth MASTER, view ${view}`);
        } else if (truthState === 'BACKUP') {
          if (view !== 'BACKUP' && view !== 'unknown') out.push(`${at}: truth BACKUP, view ${view}`);
        } else if (truthState === 'down' || truthState === 'FAULT') {
          // Until the silence shows on the wire, the capture cannot know that the master is gone, nor
          // that its VIPs went with it (a link down or FAULT sends nothing on that link): the view
          // still shows it MASTER with its VIPs, which is unknown, not false (sync-group.pcap's VRID 52,
          // v3-ipv6.pcapng, each checked 50 ms after the link went down).
          const stale = view === 'MASTER' && !silenceVisible(trace, own, vrid, t);
          if (stale) mayHold.add(node);
          // Likewise a BACKUP sends nothing, so its stop cannot show until a master resigns or falls
          // silent and it does not take over: BACKUP is stale, not false, until then (startup-race.pcap).
          const staleBackup = view === 'BACKUP' && !backupGoneVisible(trace, truth, node, vrid, t);
          if ((view === 'MASTER' && !stale) || (view === 'BACKUP' && !staleBackup))
            out.push(`${at}: truth ${truthState}, view ${view}`);
          // A master killed with SIGKILL keeps its VIPs on the interface.
          if (truthStateBeforeDown(truth, node, vrid, t) === 'MASTER') mayHold.add(node);
        } else if (truthState === 'paused') mayHold.add(node);
      }
      for (const vip of router?.vips ?? []) {
        const shown = (holders.get(vip)?.nodes ?? []).map((id) => truthName(addrs, id)!);
        for (const m of truthMasters)
          if (!shown.includes(m)) out.push(`${(t / 1e6).toFixed(6)} s ${vip}: truth master ${m} not drawn`);
        for (const h of shown)
          if (!mayHold.has(h))
            out.push(`${(t / 1e6).toFixed(6)} s ${vip}: drawn on ${h}, which cannot hold it`);
      }
    }
  }
  return out;
}

/** The node's last kill or stop at or before `t` (µs). */
function lastDown(truth: Truth, node: string, t: number) {
  return truth.events
    .filter(
      (e) =>
        e.node === node &&
        e.kind === 'fault' &&
        /^(kill|stop)-keepalived$/.test(e.action ?? '') &&
        e.t * 1e6 <= t,
    )
    .at(-1);
}

/**
 * Whether the capture can know at `t` that a node stopped while BACKUP is gone: the truth had it
 * BACKUP when it went down, and since then a master resigned (priority 0) or some node's adverts
 * ended more than a Master_Down_Interval plus 1 s of skew before `t` without it taking over.
 */
function backupGoneVisible(trace: Trace, truth: Truth, node: string, vrid: number, t: number): boolean {
  const down = lastDown(truth, node, t);
  if (!down || truthStateAt(truth, node, vrid, down.t * 1e6 - 1) !== 'BACKUP') return true;
  const adverts = trace.packets.filter((p) => p.type === 'vrrp' && p.vrrp?.vrid === vrid && p.t <= t);
  const resigned = adverts.some((p) => p.t >= down.t * 1e6 && p.vrrp!.priority === 0 && t - p.t > 1_000_000);
  const last = adverts.at(-1);
  const silent = !!last && t - last.t >= 3 * (last.vrrp!.advertIntervalCs || 100) * 10_000 + 1_000_000;
  return resigned || silent;
}

/** The truth state just before the daemon went down (MASTER when it was killed as master). */
function truthStateBeforeDown(truth: Truth, node: string, vrid: number, t: number): string {
  const down = lastDown(truth, node, t);
  if (!down || down.action !== 'kill-keepalived') return 'none';
  return truthStateAt(truth, node, vrid, down.t * 1e6 - 1);
}

/**
 * keepalived writes a notify line after the advert and GARPs that make a node MASTER, and the lab's
 * FIFO reader stamps it when it reads it: under load tens of ms later (one-way.pcap: n2's first
 * MASTER advert at 11.114488 s, its notify line at 11.201850 s). A backup never advertises, so an
 * advert of the node for the VRID after its previous truth event and before the notify line shows
 * when it entered MASTER; the run starts there.
 */
function onTheWire(runs: Run[], truth: Truth, trace: Trace, ids: Map<string, string[]>): Run[] {
  return runs.map((run) => {
    const own = ids.get(run.node) ?? [];
    const previous = truth.events
      .filter((e) => e.node === run.node && Math.round(e.t * 1e6) < run.from)
      .map((e) => Math.round(e.t * 1e6))
      .reduce((a, b) => Math.max(a, b), -1);
    const first = trace.packets.find(
      (p) =>
        p.type === 'vrrp' &&
        p.vrrp?.vrid === run.vrid &&
        p.vrrp.priority > 0 &&
        !!p.node &&
        own.includes(p.node) &&
        p.t > previous &&
        p.t <= run.from,
    );
    return first ? { ...run, from: first.t } : run;
  });
}

/** The view's failover list against the truth's: time, from, to; the gap against the packets. */
function failoverMismatches(trace: Trace, truth: Truth): string[] {
  const ids = captureIdsOf(truth, trace);
  const view = masterView(trace).changes.map((c) => ({
    ...c,
    from: truthName(ids, c.from),
    to: truthName(ids, c.to)!,
  }));
  const runs = onTheWire(truthRuns(truth, trace.endUs), truth, trace, ids);
  const expected = changesFromRuns(runs, trace.endUs, SLACK_US);
  // Every instant the truth's master set changes, debounced or not.
  const boundaries = runs.flatMap((r) => [r.from, r.to ?? trace.endUs].map((t) => ({ vrid: r.vrid, t })));
  const out: string[] = [];
  const near = (a: number, b: number) => Math.abs(a - b) <= SLACK_US;
  for (const e of expected) {
    // A dual master and the takeover that ends it share their instant and newcomer: match kinds first.
    const match = (c: (typeof view)[number]) => c.vrid === e.vrid && near(c.t, e.t) && c.to === e.to;
    const v = view.find((c) => match(c) && c.kind === e.kind) ?? view.find(match);
    if (!v) out.push(`missing: ${JSON.stringify(e)}`);
    else if (v.kind !== e.kind || v.from !== e.from)
      out.push(`differs: truth ${JSON.stringify(e)}, view ${v.kind} ${v.from} → ${v.to} at ${v.t}`);
  }
  for (const v of view) {
    const known = expected.some((e) => e.vrid === v.vrid && near(e.t, v.t) && e.to === v.to);
    // An election whose notify lines came a few ms apart (debounced above) may show on the wire in
    // another order, as a change of its own.
    const transient = boundaries.some((b) => b.vrid === v.vrid && near(b.t, v.t));
    if (!known && !transient)
      out.push(`extra: view ${v.kind} ${v.from} → ${v.to} at ${v.t} (VRID ${v.vrid})`);
    // The gap: since the old master's last advert, found here from the packets.
    if (v.kind === 'takeover' && v.failover && v.failover.gapUs !== null) {
      const old = ids.get(v.from ?? '') ?? [];
      const last = trace.packets.filter(
        (p) => p.type === 'vrrp' && p.vrrp?.vrid === v.vrid && !!p.node && old.includes(p.node) && p.t < v.t,
      );
      const gap = last.length ? v.t - last[last.length - 1].t : null;
      if (gap !== v.failover.gapUs)
        out.push(`gap at ${v.t} (VRID ${v.vrid}): view ${v.failover.gapUs} µs, packets ${gap} µs`);
    }
  }
  return out;
}

describe('oracle: recordings replayed as the app does, against their truth', () => {
  for (const rec of recordings()) {
    it(`${rec.name}: states, VIP holders and failovers`, async () => {
      const trace = await replay(rec.capture, rec.name);
      expect.soft(stateMismatches(trace, rec.truth).join('\n'), 'states and VIP holders').toBe('');
      expect.soft(failoverMismatches(trace, rec.truth).join('\n'), 'failovers').toBe('');
    });
  }
});
