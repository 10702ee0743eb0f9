/**
 * The oracle's independent side (issue 15): who was MASTER when, read from a source the view does not
 * use — keepalived's own notify events in a recording's truth file, or `simulate --json`'s master runs —
 * and the changes of master computed from those runs by an interval sweep, not by the view's walk over
 * state events (src/ui/state/master-changes.ts).
 *
 * What the view marks (src/lib/trace/masters.ts's definition, src/ui/state/master-changes.ts): a
 * takeover where one node is left as the only MASTER and it is not the node that last was (dated
 * when that node became MASTER), and the start of a dual master, where two or more nodes are MASTER at once, when it lasts at
 * least one advert interval (shorter is a handover: the old master yields when the new one's first
 * advert reaches it). All changes at one instant count as one.
 */
import type { Truth, TruthEvent } from './truth';

export interface Run {
  vrid: number;
  node: string;
  /** µs */
  from: number;
  /** µs; null while still MASTER at the end. */
  to: number | null;
}

export interface Change {
  t: number;
  vrid: number;
  kind: 'takeover' | 'dual-master';
  from: string | null;
  to: string;
}

/** The master sets of one VRID as piecewise-constant segments [t, next t). */
function segments(runs: Run[], endUs: number): { t: number; masters: string[] }[] {
  const times = [...new Set(runs.flatMap((r) => [r.from, r.to ?? endUs]))].sort((a, b) => a - b);
  return times.map((t) => ({
    t,
    masters: runs
      .filter((r) => r.from <= t && t < (r.to ?? Infinity))
      .map((r) => r.node)
      .sort(),
  }));
}

/**
 * The changes of master per VRID from master runs. `debounceUs` drops master sets that last less than
 * it: keepalived's notify lines of one election come a few ms apart (one node reports MASTER just
 * before the other reports BACKUP), which is a handover, not a dual master.
 */
export function changesFromRuns(
  runs: Run[],
  endUs: number,
  debounceUs = 0,
  minDualUs: (vrid: number) => number = () => 0,
): Change[] {
  const out: Change[] = [];
  for (const vrid of [...new Set(runs.map((r) => r.vrid))].sort((a, b) => a - b)) {
    let segs = segments(
      runs.filter((r) => r.vrid === vrid),
      endUs,
    );
    if (debounceUs > 0)
      segs = segs.filter((s, k) => k + 1 >= segs.length || segs[k + 1].t - s.t >= debounceUs);
    const min = minDualUs(vrid);
    let before: string[] = [];
    let lastSole: string | null = null;
    segs.forEach((s, k) => {
      const now = s.masters;
      if (now.join() === before.join()) return;
      if (now.length >= 2 && before.length < 2) {
        // A dual master is marked when it lasts one advert interval (shorter is a handover).
        const end = segs.findIndex((x, j) => j > k && x.masters.length < 2);
        const until = end < 0 ? endUs : segs[end].t;
        if (until - s.t >= min || end < 0) {
          const stayed = now.find((n) => before.includes(n)) ?? lastSole;
          const added = now.filter((n) => !before.includes(n));
          out.push({ t: s.t, vrid, kind: 'dual-master', from: stayed ?? now[0], to: added[0] ?? now[1] });
        }
      } else if (now.length === 1) {
        // The change of master: one node left as the only master, not the last one.
        // Dated when that node became MASTER (its run's start).
        const run = runs.find(
          (r) => r.vrid === vrid && r.node === now[0] && r.from <= s.t && (r.to === null || r.to > s.t),
        );
        if (lastSole !== null && lastSole !== now[0])
          out.push({ t: run?.from ?? s.t, vrid, kind: 'takeover', from: lastSole, to: now[0] });
        lastSole = now[0];
      }
      before = now;
    });
  }
  return out.sort(byInstant);
}

/** What a truth file says about one node and VRID at a time. */
export type TruthState = 'MASTER' | 'BACKUP' | 'FAULT' | 'down' | 'paused' | 'none';

const US = 1e6;

/**
 * The truth's state of `node` for `vrid` at `tUs`: its last notify state, except that after a
 * kill-keepalived or stop-keepalived (until the next start) it is `down`, and after a pause (until the
 * resume) `paused`: the daemon's own state is frozen and nothing it does can be seen.
 */
export function truthStateAt(truth: Truth, node: string, vrid: number, tUs: number): TruthState {
  let state: TruthState = 'none';
  let daemon: 'up' | 'down' | 'paused' = 'up';
  for (const e of truth.events) {
    if (e.t * US > tUs) break;
    if (e.node !== node) continue;
    if (e.kind === 'fault') {
      if (e.action === 'kill-keepalived' || e.action === 'stop-keepalived') daemon = 'down';
      else if (e.action === 'pause-keepalived') daemon = 'paused';
      else if (e.action === 'start-keepalived' || e.action === 'resume-keepalived') daemon = 'up';
      if (e.action === 'start-keepalived') state = 'none';
    } else if (e.kind === 'state' && e.vrid === vrid && e.state) {
      state = e.state === 'STOP' || e.state === 'DELETED' ? 'down' : e.state;
    }
  }
  return daemon === 'up' ? state : daemon;
}

/** The truth's VRIDs and nodes. */
export function truthVrids(truth: Truth): number[] {
  return [...new Set(truth.events.flatMap((e) => (e.kind === 'state' && e.vrid ? [e.vrid] : [])))].sort(
    (a, b) => a - b,
  );
}

/** Times at which the truth's state changes (notify lines and faults that change a daemon). */
export function truthChangeTimesUs(truth: Truth): number[] {
  return truth.events
    .filter((e: TruthEvent) => e.kind === 'state' || /-keepalived$/.test(e.action ?? ''))
    .map((e) => Math.round(e.t * US));
}

/**
 * The truth's master runs: MASTER from its notify line until another state, a kill, stop or pause of
 * its daemon (a frozen or dead master sends nothing), or the end.
 */
export function truthRuns(truth: Truth, endUs: number): Run[] {
  const runs: Run[] = [];
  const times = [...new Set(truthChangeTimesUs(truth))].sort((a, b) => a - b);
  for (const node of truth.nodes.map((n) => n.name))
    for (const vrid of truthVrids(truth)) {
      let open: Run | null = null;
      for (const t of times) {
        const master = truthStateAt(truth, node, vrid, t) === 'MASTER';
        if (master && !open) runs.push((open = { vrid, node, from: t, to: null }));
        else if (!master && open) {
          open.to = t;
          open = null;
        }
      }
      if (open && open.to === null && open.from > endUs) runs.pop();
    }
  return runs;
}

/**
 * Changes in time order; at one instant of one VRID the dual master comes before the takeover that
 * ends it (both are dated at the newcomer's entry into MASTER).
 */
export function byInstant(a: Change, b: Change): number {
  const rank = (c: Change) => (c.kind === 'dual-master' ? 0 : 1);
  return a.t - b.t || a.vrid - b.vrid || rank(a) - rank(b);
}
