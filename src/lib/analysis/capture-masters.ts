/**
 * Who is MASTER of a virtual router as far as a capture shows it, and why, in the cause model's terms
 * (trace/cause.ts). A source is MASTER from the first advert of its master run while it keeps
 * advertising: when another source's run starts and it still advertises within 1.5 of its intervals
 * afterwards, both are MASTER (a dual master, §8.2), however their adverts interleave. It stops being
 * MASTER when it resigns (priority 0), when it stops advertising after a higher (or, at a tie, a higher
 * address's) advert (it yielded, §2.6, §2.6.1), or when it falls silent — the capture cannot tell why,
 * and says so. The changes of master follow trace/masters.ts's rule (MasterTracker).
 *
 * What a capture cannot know (a script, a signal, a fault inside a node) is `unknown-from-capture`,
 * never a guess.
 */
import type { Cause, EvidenceRef } from '../trace/cause';
import { MasterTracker } from '../trace/masters';
import { secondsLabel } from '../trace/time';
import type { Micros } from '../trace/types';
import { OWNER_PRIORITY } from '../vrrp/constants';
import { vipSetKey } from '../vrrp/advert';
import { masterDownUs, skewUs } from '../vrrp/timers';
import * as P from './packet-index';
import type { RouterAnalysis } from './routers';

/** Names an endpoint (a node id in the Trace, an address or node name in the report). */
export type Label = (endpoint: number) => string;

export interface CaptureStep {
  t: Micros;
  /** The row that shows it (the advert that started the run, the priority-0 advert, the yielding one's last). */
  row: number;
  source: number;
  to: 'MASTER' | 'BACKUP' | 'INIT';
  cause: Cause;
  chain: Cause[];
}

export interface CaptureChange {
  t: Micros;
  row: number;
  from: number;
  to: number;
  /** Since the old master's last advert, a priority-0 one included (§2.10), µs. */
  gapUs: number;
  lastRow: number;
  cause: Cause;
  chain: Cause[];
}

export interface CaptureMasters {
  steps: CaptureStep[];
  changes: CaptureChange[];
}

const US_PER_CS = 10_000;
/**
 * How soon after a master's first advert another's entry is still a race (neither had read the
 * other's advert): delivery and read take 42–156 µs on the recordings' LAN and the daemons' timers
 * run up to a few ms late under load (captures/README.md, "Timing model").
 */
const RACE_WINDOW_US = 10_000;
/**
 * How soon after another router's takeover a takeover may be a sync-group member following it: the
 * daemon forces the other members to MASTER in the same pass (§6.1; sync-group.pcap, 0.17 ms).
 */
const SYNC_FOLLOW_US = 10_000;

/** A takeover seen in another router of the same capture (a sync group moves its members together). */
export interface Takeover {
  t: Micros;
  row: number;
  vrid: number;
  family: string;
  source: number;
}

/** Every takeover of every router (routers.ts's failovers, repeats of a split brain left out). */
export function takeoversOf(routers: readonly RouterAnalysis[]): Takeover[] {
  return routers.flatMap((r) =>
    r.failovers
      .filter((f) => !f.repeat)
      .map((f) => ({ t: f.atUs, row: f.row, vrid: r.vrid, family: r.family, source: f.to })),
  );
}

/** Indexes of a takeover list in time order (ties in list order), made once per list. */
const byTime = new WeakMap<readonly Takeover[], Int32Array>();
function timeOrder(takeovers: readonly Takeover[]): Int32Array {
  let order = byTime.get(takeovers);
  if (order?.length !== takeovers.length) {
    order = Int32Array.from(takeovers.keys()).sort((a, b) => takeovers[a].t - takeovers[b].t || a - b);
    byTime.set(takeovers, order);
  }
  return order;
}

/**
 * The first takeover in list order with `fromUs <= t <= toUs` that `ok` accepts (as `find` would
 * return), looked up by time: a capture with thousands of takeovers asks this for each of them.
 */
function firstInWindow(
  takeovers: readonly Takeover[],
  fromUs: Micros,
  toUs: Micros,
  ok: (o: Takeover) => boolean,
): Takeover | undefined {
  const order = timeOrder(takeovers);
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (takeovers[order[mid]].t < fromUs) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  for (let k = lo; k < order.length && takeovers[order[k]].t <= toUs; k++)
    if ((best < 0 || order[k] < best) && ok(takeovers[order[k]])) best = order[k];
  return best < 0 ? undefined : takeovers[best];
}

/** What a router's masters are read against: the rest of the capture. */
export interface CaptureScope {
  /** Rows at and past it are left out (a trace capped in length). */
  rowLimit?: number;
  /** Every router's takeovers (takeoversOf): a sync group's members move together. */
  elsewhere?: readonly Takeover[];
  /** When the capture ends (µs, as the rows' times); omitted when the rows stop before it. */
  endUs?: Micros;
  /** The VIP list an advert carries: senders whose lists differ drop each other's adverts. */
  vips?: (row: number) => string[];
}

/** Steps and changes of master of one router, rows below `scope.rowLimit` only. */
export function captureMasters(
  r: RouterAnalysis,
  ix: P.PacketIndex,
  label: Label,
  evidence: (row: number) => EvidenceRef,
  compare: (a: number, b: number) => number,
  scope: CaptureScope = {},
): CaptureMasters {
  const { rowLimit = Infinity, elsewhere = [], endUs, vips } = scope;
  const runs = r.runs.filter((run) => run.firstRow < rowLimit);
  const resigns = r.resigns.filter((row) => row < rowLimit);
  const intervalUs = (source: number) => Math.max(1, r.sources.get(source)?.intervalCs ?? 100) * US_PER_CS;
  // A run whose source kept advertising through the next other source's run: the failover into the
  // source's next run is a repeat (routers.ts).
  const repeatAt = new Set(r.failovers.filter((f) => f.repeat).map((f) => f.row));
  const continues = (k: number): boolean => {
    for (let j = k + 1; j < runs.length; j++)
      if (runs[j].source === runs[k].source) return repeatAt.has(runs[j].firstRow);
    return false;
  };
  const steps: CaptureStep[] = [];
  const changes: CaptureChange[] = [];
  const tracker = new MasterTracker();
  const open = new Map<
    number,
    { run: number; prio: number; t: Micros; entry: { cause: Cause; chain: Cause[] } }
  >();
  const lastRow = new Map<number, number>();
  // One address is one router, whatever its MACs (routers.ts: no failover from a source to itself).
  const reps: number[] = [];
  const canon = new Map<number, number>();
  const canonical = (s: number): number => {
    let c = canon.get(s);
    if (c === undefined) canon.set(s, (c = reps.find((x) => compare(x, s) === 0) ?? (reps.push(s), s)));
    return c;
  };
  const key = (s: number): string => String(canonical(s));
  const accepted = new AcceptedRows(ix, r.vrid, r.family === 'ipv6', canonical);
  const byKey = new Map<string, number>();
  const unknown = (t: Micros, s: number, detail: string, row: number, extra: Partial<Cause> = {}): Cause => ({
    code: 'unknown-from-capture',
    t,
    node: label(s),
    detail,
    evidence: [evidence(row)],
    ...extra,
  });

  const note = (step: CaptureStep, entering: boolean) => {
    steps.push(step);
    byKey.set(key(step.source), step.source);
    const change = entering
      ? tracker.enter('r', key(step.source), step.t)
      : tracker.leave('r', key(step.source), step.t);
    if (!change || change.from === null) return;
    const from = byKey.get(change.from)!;
    const to = byKey.get(change.to)!;
    // Dated when the new master entered MASTER (trace/masters.ts).
    const entered = open.get(to);
    const t = entered?.t ?? step.t;
    const last = lastRowOf(from, t) ?? lastRow.get(from) ?? step.row;
    const why = entered?.entry ?? step;
    changes.push({
      t,
      row: step.row,
      from,
      to,
      gapUs: t - ix.tUs[last],
      lastRow: last,
      cause: why.cause,
      chain: why.chain,
    });
  };

  const leave = (
    s: number,
    t: Micros,
    row: number,
    to: 'BACKUP' | 'INIT',
    cause: Cause,
    chain: Cause[] = [],
  ) => {
    open.delete(s);
    note({ t, row, source: s, to, cause, chain }, false);
  };

  type Item = { row: number; run: number } | { row: number; run: -1 };
  const items: Item[] = [
    ...runs.map((run, k) => ({ row: run.firstRow, run: k })),
    ...resigns.map((row) => ({ row, run: -1 as const })),
  ].sort((a, b) => a.row - b.row);

  for (const item of items) {
    const t = ix.tUs[item.row];
    if (item.run < 0) {
      const s = ix.source[item.row];
      lastRow.set(s, item.row);
      if (!open.has(s)) continue;
      // §2.8, §2.10: a master that stops (SIGTERM) or enters FAULT sends priority 0.
      leave(
        s,
        t,
        item.row,
        'INIT',
        { code: 'priority-zero', t, node: label(s), evidence: [evidence(item.row)] },
        [unknown(t, s, 'stopped (SIGTERM) or entered FAULT?', item.row)],
      );
      continue;
    }
    const k = item.run;
    const run = runs[k];
    const s = run.source;
    const prio = run.priorities[0];
    // Every other master either keeps advertising (a dual master) or has stopped being MASTER now.
    let raced: { source: number; t: Micros; run: number } | null = null;
    for (const o of [...open.keys()]) {
      const m = open.get(o)!;
      if (o === s || continues(m.run)) continue;
      const oRun = runs[m.run];
      const oPrio = oRun.priorities[oRun.priorities.length - 1];
      const lastO = lastRow.get(o) ?? oRun.lastRow;
      const recent = t - ix.tUs[lastO] < 2 * intervalUs(o);
      // v2 drops an advert whose interval differs from its own (§1.10 #6): the two masters never hear
      // each other, so s's run neither makes o yield nor shows it gone (interval-mismatch.pcap: the
      // longer-interval master stays MASTER, silent, while the other advertises).
      if (recent && deaf(lastO, item.row)) continue;
      const yielded = yields(prio, s, oPrio, o);
      // A master that sent one advert and yields to s entering within the time a frame takes to be
      // read entered with s: both timers ran out before either advert arrived (the tie race of
      // tie-drop.pcap, 0.24 ms, §2.6.1), so it is part of the election, not a master of its own. Later
      // than that, s had read its advert and entered anyway: a higher node whose MDI ran on while it
      // discarded the lower advert (§2.5; startup-race.pcap's third round, 81 ms), two changes.
      if (yielded && recent && m.run > 0 && oRun.adverts === 1 && t - m.t < RACE_WINDOW_US)
        raced = { source: o, t: m.t, run: m.run };
      if (yielded && recent)
        leave(o, t, item.row, 'BACKUP', {
          code: prio > oPrio ? 'higher-priority' : 'tie-break-address',
          t,
          node: label(o),
          priority: { own: oPrio, other: prio, otherNode: label(s) },
          evidence: [evidence(item.row)],
        });
      else leave(o, t, item.row, 'INIT', unknown(t, o, 'stopped, killed, paused or cut off?', lastO));
    }
    if (!open.has(s)) {
      const entry = follower(entryCause(k, t, item.row, raced ? raced.run - 1 : k - 1), s, t, item.row);
      open.set(s, { run: k, prio, t, entry });
      const before = changes.length;
      note({ t, row: item.row, source: s, to: 'MASTER', cause: entry.cause, chain: entry.chain }, true);
      if (raced && changes.length > before) unrace(raced);
    } else open.get(s)!.run = k;
    lastRow.set(s, run.lastRow);
  }
  // A master silent for a Master_Down_Interval before the capture ends is gone, as a backup at its
  // priority would find (§2.2): left MASTER to the end, it would be drawn holding its VIPs long after.
  if (endUs !== undefined)
    for (const s of [...open.keys()]) {
      const last = lastRow.get(s)!;
      const version = ix.flags[last] & P.FLAG_V3 ? 3 : 2;
      const gone = ix.tUs[last] + masterDownUs(version, ix.prio[last], intervalUs(s));
      if (gone < endUs)
        leave(
          s,
          gone,
          last,
          'INIT',
          unknown(gone, s, 'silent for a Master_Down_Interval: stopped, killed, paused or cut off?', last),
        );
    }
  return { steps, changes };

  /**
   * Why `s` at `prio` now outranks the master `o` at `oPrio`, as far as the capture shows: the old
   * master's priority fell (it began its run at `first`), or the newcomer's rose since its last
   * advert, or the newcomer is back after a silence (a BACKUP sends nothing: it was away, or
   * listening; either way the capture cannot say what kept it from MASTER before).
   */
  function outranked(
    s: number,
    t: Micros,
    row: number,
    prio: number,
    o: number,
    oPrio: number,
    first: number,
    oFrom: Micros,
    lastO: number,
  ): Cause {
    if (first > oPrio) return unknown(oFrom, o, '', lastO, { effective: { from: first, to: oPrio } });
    const own = lastRow.get(s);
    if (own !== undefined && ix.prio[own] > 0 && ix.prio[own] <= oPrio)
      return unknown(t, s, '', row, { effective: { from: ix.prio[own], to: prio } });
    const above = `at priority ${prio} above ${label(o)}'s ${oPrio}`;
    return unknown(
      t,
      s,
      own === undefined
        ? `its first advert in the capture, ${above}: keepalived started, or a backup all along?`
        : `back after ${secondsLabel(t - ix.tUs[own], 1)} without an advert, ${above}: restarted, resumed, reconnected, or a backup all along?`,
      row,
    );
  }

  /**
   * A takeover just after another router's (SYNC_FOLLOW_US) may be a sync-group member that the other's
   * takeover forced to MASTER (§6.1): a capture cannot see sync groups, nor tell that from a timer of
   * its own that ran out at the same time, so the cause is unknown; the chain keeps what it does show.
   */
  function follower(entry: { cause: Cause; chain: Cause[] }, s: number, t: Micros, row: number) {
    if (entry.cause.code === 'unknown-from-capture') return entry;
    // The window a microsecond wider, the test exactly `find`'s (times need not be whole µs).
    const lead = firstInWindow(
      elsewhere,
      t - SYNC_FOLLOW_US - 1,
      t + 1,
      (o) =>
        (o.vrid !== r.vrid || o.family !== r.family) &&
        o.row < Math.min(row, rowLimit) &&
        t - o.t >= 0 &&
        t - o.t <= SYNC_FOLLOW_US,
    );
    if (!lead) return entry;
    const ms = ((t - lead.t) / 1000).toFixed(2);
    return {
      cause: unknown(
        t,
        s,
        `took over ${ms} ms after ${label(lead.source)} took VRID ${lead.vrid}: following it in a sync group (§6.1), or a timer of its own?`,
        row,
      ),
      chain: entry.chain,
    };
  }

  /** Whether a master `o` at `oPrio` yields to `s`'s advert at `prio` (§2.6, §2.6.1). */
  function yields(prio: number, s: number, oPrio: number, o: number): boolean {
    return prio > oPrio || (prio === oPrio && compare(s, o) > 0);
  }

  /**
   * Why neither sender of two adverts hears the other, or null: VRRPv2 with different intervals
   * (§1.10 #6, §8.4), or different VIP lists: each checks that an advert lists its own VIPs, as many
   * as it has (§1.10 #8, #12; config drift, and another cluster on the VRID, §8.3).
   */
  function deaf(a: number, b: number): string | null {
    const v2 = (row: number) => (ix.flags[row] & P.FLAG_V3) === 0;
    if (v2(a) && v2(b) && ix.intervalCs[a] !== ix.intervalCs[b])
      return `v2 drops an advert whose interval differs: ${ix.intervalCs[a] / 100} s against its ${ix.intervalCs[b] / 100} s, §8.4`;
    if (!vips || ix.vips[a] === ix.vips[b]) return null;
    const [la, lb] = [vips(a), vips(b)];
    if (vipSetKey(la) === vipSetKey(lb)) return null;
    return `each drops an advert that does not list its own VIPs: ${la.join(' ') || 'none'} against ${lb.join(' ') || 'none'}, §8.3`;
  }

  /** The last advert of `source` (or its address) for this router at or before `t`. */
  function lastRowOf(source: number, t: Micros): number | null {
    const last = lastRow.get(source);
    if (last !== undefined && ix.tUs[last] <= t) return last;
    const own = key(source);
    for (let row = last ?? -1; row >= 0; row--) {
      if (ix.tUs[row] > t || ix.kind[row] !== P.KIND_VRRP || ix.vrid[row] !== r.vrid) continue;
      if (((ix.flags[row] & P.FLAG_IPV6) !== 0) !== (r.family === 'ipv6')) continue;
      if (key(ix.source[row]) === own) return row;
    }
    return null;
  }

  /** The last advert of `source` at or before row `from` that a backup at `prio` accepts (≥ prio). */
  function lastAcceptedRow(source: number, prio: number, from: number): number | null {
    return accepted.last(canonical(source), prio, from);
  }

  /**
   * The change just made into the newcomer came from a master that raced it: the change of master is
   * from the one before the racer (none: an election), and the racer's own change goes.
   */
  function unrace(racer: { source: number; t: Micros }): void {
    if (changes[changes.length - 1].from !== racer.source) return;
    const made = changes.pop()!;
    const k = changes.findLastIndex((c) => c.to === racer.source && c.t === racer.t);
    if (k < 0) return;
    const [into] = changes.splice(k, 1);
    // The master before the racer won the election: no change of master at all.
    if (into.from === made.to) return;
    const last = lastRowOf(into.from, made.t) ?? into.lastRow;
    changes.push({ ...made, from: into.from, gapUs: made.t - ix.tUs[last], lastRow: last });
  }

  /**
   * Why source of run k became MASTER at its first advert, as far as the capture shows it, against
   * the master of run `p` before it.
   */
  function entryCause(k: number, t: Micros, row: number, p: number): { cause: Cause; chain: Cause[] } {
    const run = runs[k];
    const s = run.source;
    const prio = run.priorities[0];
    const version = ix.flags[row] & P.FLAG_V3 ? 3 : 2;
    const base = { code: 'master-down-timer' as const, t, node: label(s), evidence: [evidence(row)] };
    const prev = p >= 0 ? runs[p] : null;
    if (!prev || prev.source === s)
      return { cause: unknown(t, s, 'the first master the capture shows', row), chain: [] };
    const o = prev.source;
    const oPrio = prev.priorities[prev.priorities.length - 1];
    const lastO = lastRow.get(o) ?? prev.lastRow;
    const resigned = ix.prio[lastO] === 0;
    if (open.has(o)) {
      // Both advertise: neither heard the other (one way or both, §8.2), or each dropped the other's
      // adverts, which the capture shows (v2 intervals, §8.4; VIP lists, §8.3).
      const why = deaf(lastO, row);
      const dropped = why ? { detail: why } : {};
      return {
        cause: { ...base, silence: 'not-heard' },
        chain: [
          { code: 'split-brain', t, node: label(o), peer: label(s), evidence: [evidence(row)], ...dropped },
        ],
      };
    }
    const lastAdvert = { t: ix.tUs[lastO], from: label(o), priority: ix.prio[lastO] };
    // The old master fell silent: the timer ran from its last advert (MDI), or only the skew after
    // its priority-0 one (§2.2).
    const silent = (mdiUs: Micros): Cause => ({
      code: base.code,
      t,
      node: base.node,
      evidence: base.evidence,
      lastAdvert,
      mdiUs,
      silence: 'silent',
    });
    if (resigned)
      return {
        cause: silent(skewUs(version, prio, intervalUs(s))),
        chain: [
          unknown(lastAdvert.t, o, 'stopped (SIGTERM) or entered FAULT?', lastO),
          { code: 'priority-zero', t: lastAdvert.t, node: label(o), evidence: [evidence(lastO)] },
        ],
      };
    const gap = t - lastAdvert.t;
    if (gap >= 2 * intervalUs(o))
      return {
        cause: silent(masterDownUs(version, prio, intervalUs(s))),
        chain: [unknown(lastAdvert.t, o, 'stopped, killed, paused or cut off?', lastO)],
      };
    // A master frozen by SIGSTOP never left MASTER: woken, it answers every lower advert that queued on
    // its socket at once, and the master that took over meanwhile yields to it (§2.6; sigstop.pcap, 6
    // adverts in 0.5 ms). A fresh master sends one advert. The capture cannot see the signal itself.
    const before = lastRow.get(s);
    if (run.burst > 1 && before !== undefined && ix.prio[before] > 0 && yields(prio, s, oPrio, o))
      return {
        cause: {
          code: prio > oPrio ? 'higher-priority' : 'tie-break-address',
          t,
          node: label(o),
          priority: { own: oPrio, other: prio, otherNode: label(s) },
          evidence: [evidence(row)],
        },
        chain: [
          unknown(
            t,
            s,
            `still MASTER after a pause (SIGSTOP)? It came back with ${run.burst} adverts at once, answering adverts queued while it was silent`,
            row,
          ),
        ],
      };
    // An address owner enters MASTER at once when keepalived starts (§2.4) and its 255 advert makes the
    // lower master yield: a start, not a timer (owner-255.pcap). After a FAULT during the run an owner
    // comes back through BACKUP and its MDI instead (§2.9), which the capture cannot tell apart.
    if (prio === OWNER_PRIORITY && oPrio < OWNER_PRIORITY)
      return {
        cause: {
          code: 'startup',
          t,
          node: label(s),
          detail: 'address owner, priority 255',
          evidence: [evidence(row)],
        },
        chain: [
          unknown(t, s, 'keepalived started? (an owner back from FAULT would wait its MDI, §2.9)', row),
        ],
      };
    if (prio > oPrio) {
      const first = prev.priorities[0];
      // A higher priority took over while the master still advertised: keepalived's backup discarded
      // the lower adverts without resetting its timer until it ran out (§2.5, §3.1), from the last
      // advert it accepted when the capture holds one (the simulator says the same).
      const accepted = lastAcceptedRow(o, prio, lastO);
      return {
        cause: {
          ...base,
          ...(accepted !== null
            ? { lastAdvert: { t: ix.tUs[accepted], from: label(o), priority: ix.prio[accepted] } }
            : {}),
          mdiUs: masterDownUs(version, prio, intervalUs(s)),
          silence: 'lower-priority',
          priority: { own: prio, other: oPrio, otherNode: label(o) },
        },
        chain: [outranked(s, t, row, prio, o, oPrio, first, prev.fromUs, lastO)],
      };
    }
    return {
      cause: unknown(t, s, `took over from ${label(o)} at priority ${prio} against ${oPrio}`, row),
      chain: [],
    };
  }
}

/**
 * A router's adverts per source address, for "the last advert of this address at or before a row with
 * priority ≥ p": each takeover by a higher priority asks it, and a backwards scan of the index cost
 * O(rows) each (most of the analysis on a large capture read with its full index). Rows are added
 * lazily in index order up to the highest row asked about, each with a link to the nearest earlier one
 * of a strictly higher priority: a query binary-searches its start and follows links, whose
 * priorities rise, so at most 256 steps.
 */
class AcceptedRows {
  private readonly bySource = new Map<number, { rows: number[]; higher: number[] }>();
  private next = 0;

  constructor(
    private readonly ix: P.PacketIndex,
    private readonly vrid: number,
    private readonly v6: boolean,
    private readonly canonical: (source: number) => number,
  ) {}

  last(source: number, prio: number, from: number): number | null {
    this.extend(from);
    const own = this.bySource.get(source);
    if (!own) return null;
    const { rows, higher } = own;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    let k = lo - 1;
    while (k >= 0 && this.ix.prio[rows[k]] < prio) k = higher[k];
    return k >= 0 ? rows[k] : null;
  }

  private extend(to: number): void {
    const ix = this.ix;
    const end = Math.min(to + 1, ix.length);
    for (let row = this.next; row < end; row++) {
      if (ix.kind[row] !== P.KIND_VRRP || ix.vrid[row] !== this.vrid) continue;
      if (((ix.flags[row] & P.FLAG_IPV6) !== 0) !== this.v6) continue;
      const s = this.canonical(ix.source[row]);
      let own = this.bySource.get(s);
      if (!own) this.bySource.set(s, (own = { rows: [], higher: [] }));
      const prio = ix.prio[row];
      let k = own.rows.length - 1;
      while (k >= 0 && ix.prio[own.rows[k]] <= prio) k = own.higher[k];
      own.rows.push(row);
      own.higher.push(k);
    }
    this.next = Math.max(this.next, end);
  }
}
