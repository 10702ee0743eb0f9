/**
 * One clock for every source (issue 11 §2). Captures are aligned to the reference capture by the
 * frames both saw (source, IP id, VRID, priority: the same advert), with an offset, a drift and
 * their uncertainty; logs are aligned by matching their transitions and GARP lines with the
 * capture's master-run starts and GARP frames. A whole-second stamp bounds the true time to
 * [stamp, stamp + 1 s): each match bounds the offset, and the bounds of all matches intersect.
 */
import * as P from '../analysis/packet-index';
import { US_PER_S } from '../trace/time';
import { ascending, lowerBound, type CaptureRows, type RowIndex } from './capture-rows';

export interface ClockFit {
  /** µs to add to the source's epoch times to get the common clock. */
  offsetUs: number;
  /** Relative rate error (µs per µs), captures only. */
  drift: number;
  /** ± µs. */
  uncertaintyUs: number;
  /** Frames or events matched. */
  matches: number;
  method: 'reference' | 'shared-frames' | 'advert-sequence' | 'transitions' | 'manual' | 'none';
}

export const REFERENCE_FIT: ClockFit = {
  offsetUs: 0,
  drift: 0,
  uncertaintyUs: 0,
  matches: 0,
  method: 'reference',
};
/** An offset the user set (the app's lanes are dragged): it replaces the fit the evidence gave. */
export function manualFit(offsetUs: number): ClockFit {
  return { offsetUs: Math.round(offsetUs), drift: 0, uncertaintyUs: 0, matches: 0, method: 'manual' };
}
export const NO_FIT: ClockFit = { offsetUs: 0, drift: 0, uncertaintyUs: 0, matches: 0, method: 'none' };

/**
 * A capture's adverts at absolute times (µs since the epoch, on its source's clock), read in place
 * from its rows: positions are row numbers, and a row that is no VRRP advert has no key (-1). No
 * column is copied: a fresh column of a million values costs more in page faults than reading it.
 */
export class TimedAdverts {
  /** Rows, adverts or not. */
  readonly length: number;
  /** VRRP adverts among them. */
  readonly adverts: number;
  /** True when some advert carries an IP id (a key). */
  readonly keyed: boolean;
  private readonly ix: RowIndex;
  /** The analysis' source id → the sender's number among every capture aligned together, or -1. */
  private readonly senderOf = new Int32Array(65_536).fill(-1);

  /**
   * `senders` numbers the source addresses and is shared by every capture aligned together, so that
   * keys compare across captures. `sample` is the capture's keyed adverts (frameSample), which the
   * thread that read it may have found.
   */
  constructor(
    private readonly rows: CaptureRows,
    private readonly epochUs: number,
    private readonly sendersSeen: Map<string, number>,
    readonly sample: FrameSample = frameSample(rows),
  ) {
    this.ix = rows.ix;
    this.length = rows.length;
    this.adverts = sample.adverts;
    this.keyed = sample.rows.length > 0;
  }

  /** Senders numbered so far among every capture aligned together (after numberAll, its own are below). */
  get senders(): number {
    return this.sendersSeen.size;
  }

  /** Numbers every sender of the capture, in the order it first shows them. */
  numberAll(): void {
    const { kind, source } = this.ix;
    for (let i = 0; i < this.length; i++) if (kind[i] === P.KIND_VRRP) this.sender(source[i]);
  }

  private sender(id: number): number {
    let n = this.senderOf[id];
    if (n >= 0) return n;
    const a = this.rows.names.endpoint(id).address;
    n = this.sendersSeen.get(a) ?? -1;
    if (n < 0) this.sendersSeen.set(a, (n = this.sendersSeen.size));
    return (this.senderOf[id] = n);
  }

  t(i: number): number {
    return this.epochUs + this.ix.tUs[i];
  }

  /** Source, VRID and priority as one number (the fallback when IP ids are unknown); -1: no advert. */
  seqKey(i: number): number {
    const ix = this.ix;
    if (ix.kind[i] !== P.KIND_VRRP) return -1;
    return (this.sender(ix.source[i]) * 256 + ix.vrid[i]) * 256 + ix.prio[i];
  }

  /**
   * Source, VRID, priority and IPv4 id as one number: the same advert in another capture; -1 when
   * no id, or when the id is not among the 1 in `every` sampled (idSampled).
   */
  key(i: number, every = 1): number {
    const ix = this.ix;
    const id = ix.flags[i] & P.FLAG_IPV6 ? 0 : ix.ipId[i];
    if (id === 0 || !idSampled(id, every)) return -1;
    return ix.kind[i] === P.KIND_VRRP ? this.seqKey(i) * 65536 + id : -1;
  }

  /** The first `count` adverts' rows. */
  firstAdverts(count: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length && out.length < count; i++) if (this.seqKey(i) >= 0) out.push(i);
    return out;
  }

  /** True when the rows' times never step back (a capture without a clock step). */
  inOrder(): boolean {
    return ascending(this.ix.tUs, this.length);
  }

  /** The first row whose time is ≥ t (the rows in time order). */
  lowerBound(t: number): number {
    return lowerBound(this.ix.tUs, t - this.epochUs, this.length);
  }
}

/**
 * At most about this many matched adverts are fitted. A longer capture is sampled across its whole
 * span (every k-th advert, or the frames whose IP id is sampled 1 in k), so the fit's time and
 * memory do not grow with the capture's length; a line through 65 536 points spread over the span
 * is as good as one through millions.
 */
export const FIT_SAMPLE = 1 << 16;

/** The keyed adverts of a capture that its clock alignment matches. */
export interface FrameSample {
  /** VRRP adverts in the capture. */
  adverts: number;
  /** A power of two: `rows` are the keyed adverts whose IP id is sampled 1 in `every` (idSampled). */
  every: number;
  rows: Uint32Array;
}

/**
 * Whether an IP id is among the 1 in `every` (a power of two) sampled: by a hash of the id alone, so
 * every capture samples the same frames, spread over its span; a sample 1 in 2k is a subset of
 * the sample 1 in k, so two captures sampled at different rates compare at the coarser one.
 */
const idSampled = (id: number, every: number): boolean =>
  ((Math.imul(id, 0x9e3779b1) >>> 16) & (every - 1)) === 0;

/**
 * A capture's keyed adverts (IPv4 with an IP id), at most FIT_SAMPLE of them: the sampling rate
 * halves each time the sample fills. Found in one pass, by the thread that read the capture.
 */
export function frameSample(rows: CaptureRows): FrameSample {
  const { kind, flags, ipId, length } = rows.ix;
  let out = new Uint32Array(1024);
  let n = 0;
  let every = 1;
  let adverts = 0;
  for (let i = 0; i < length; i++) {
    if (kind[i] !== P.KIND_VRRP) continue;
    adverts++;
    const id = flags[i] & P.FLAG_IPV6 ? 0 : ipId[i];
    if (id === 0 || !idSampled(id, every)) continue;
    // Full: halve the rate (the ids of one hash would keep it full: the sample then stops growing).
    while (n === FIT_SAMPLE && every < 1 << 16) {
      every *= 2;
      let k = 0;
      for (let j = 0; j < n; j++) if (idSampled(ipId[out[j]], every)) out[k++] = out[j];
      n = k;
    }
    if (n === FIT_SAMPLE || !idSampled(id, every)) continue;
    if (n === out.length) out = P.grownColumn(out, Math.min(FIT_SAMPLE, P.grownCapacity(n)));
    out[n++] = i;
  }
  return { adverts, every, rows: out.slice(0, n) };
}

function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
}

/** Least-squares line of y = a + b·x over the first n values. */
function fitLine(xs: Float64Array, ys: Float64Array, n: number): { a: number; b: number } {
  if (n < 2) return { a: n > 0 ? ys[0] : 0, b: 0 };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) sx += xs[i];
  for (let i = 0; i < n; i++) sy += ys[i];
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b };
}

/** Times of the same events in a source and in the reference, index by index (no object per pair). */
class Pairs {
  length = 0;
  src: Float64Array;
  ref: Float64Array;

  constructor(capacity: number) {
    this.src = new Float64Array(capacity);
    this.ref = new Float64Array(capacity);
  }

  push(src: number, ref: number): void {
    if (this.length === this.src.length) {
      const n = P.grownCapacity(this.length);
      this.src = P.grownColumn(this.src, n);
      this.ref = P.grownColumn(this.ref, n);
    }
    this.src[this.length] = src;
    this.ref[this.length++] = ref;
  }
}

function fitPairs(pairs: Pairs, method: ClockFit['method']): ClockFit {
  // Outliers (repeated ids) beyond 1 s of the median go.
  const n = pairs.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = pairs.ref[i] - pairs.src[i];
  const d0 = median(d);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let kept = 0;
  let x0 = 0;
  for (let i = 0; i < n; i++) {
    if (!(Math.abs(d[i] - d0) < US_PER_S)) continue;
    if (kept === 0) x0 = pairs.src[i];
    xs[kept] = pairs.src[i] - x0;
    ys[kept++] = d[i];
  }
  const { a, b } = fitLine(xs, ys, kept);
  let worst = 0;
  for (let i = 0; i < kept; i++) worst = Math.max(worst, Math.abs(ys[i] - (a + b * xs[i])));
  // Offset at the source's first matched frame; drift over the span.
  return {
    offsetUs: Math.round(a - b * 0),
    drift: b,
    uncertaintyUs: Math.max(1, Math.round(worst)),
    matches: kept,
    method,
  };
}

/**
 * Aligns a capture to the reference capture by the adverts both saw. The same frames are found by
 * their key among each capture's frame sample, both taken at the coarser of their two rates (the
 * same frames on both sides), so the table of keys and the pairs stay under FIT_SAMPLE. The
 * uncertainty is the worst residual of the frames fitted.
 */
export function alignCapture(ref: TimedAdverts, other: TimedAdverts): ClockFit {
  // Without IP ids on either side (tcpdump text without -v, IPv6) no frame can be matched by key.
  if (!ref.keyed || !other.keyed) return alignBySequence(ref, other);
  const every = Math.max(ref.sample.every, other.sample.every);
  const byKey = new Map<number, number>();
  for (const i of ref.sample.rows) {
    const key = ref.key(i, every);
    if (key >= 0 && !byKey.has(key)) byKey.set(key, ref.t(i));
  }
  const pairs = new Pairs(Math.min(other.sample.rows.length, FIT_SAMPLE));
  for (const i of other.sample.rows) {
    const key = other.key(i, every);
    const t = key >= 0 ? byKey.get(key) : undefined;
    if (t === undefined) continue;
    pairs.push(other.t(i), t);
  }
  if (pairs.length >= 3) return fitPairs(pairs, 'shared-frames');
  return alignBySequence(ref, other);
}

/**
 * The reference's advert times of the sequence keys `keys` (source, VRID, priority), each in capture
 * order: the few keys the vote needs, not a list per key of the whole capture. Counted, then filled.
 */
function timesOfKeys(ref: TimedAdverts, keys: Set<number>): Map<number, Float64Array> {
  const counts = new Map<number, number>();
  for (const k of keys) counts.set(k, 0);
  // Adverts of many senders interleave, but each sender repeats its key: the slot of the key last
  // seen per sender (the key's high part), not a Map lookup per advert.
  const slots = [...counts.keys()];
  const slotOf = new Map(slots.map((k, i) => [k, i]));
  const n = new Float64Array(slots.length);
  const lastKey = new Float64Array(ref.senders).fill(-1);
  const lastSlot = new Int32Array(ref.senders);
  const slotAt = (key: number): number => {
    if (key < 0) return -1;
    const sender = Math.floor(key / 65_536);
    if (lastKey[sender] !== key) {
      lastKey[sender] = key;
      lastSlot[sender] = slotOf.get(key) ?? -1;
    }
    return lastSlot[sender];
  };
  for (let i = 0; i < ref.length; i++) {
    const k = slotAt(ref.seqKey(i));
    if (k >= 0) n[k]++;
  }
  const lists = slots.map((_, k) => new Float64Array(n[k]));
  n.fill(0);
  for (let i = 0; i < ref.length; i++) {
    const k = slotAt(ref.seqKey(i));
    if (k >= 0) lists[k][n[k]++] = ref.t(i);
  }
  // A key the reference never shows has no list (the vote skips it).
  const out = new Map<number, Float64Array>();
  slots.forEach((key, k) => {
    if (lists[k].length > 0) out.set(key, lists[k]);
  });
  return out;
}

const BIN = 10_000;

/**
 * The offset bin (BIN µs) most proposals fall in, the first proposed on a tie (voter by voter, each
 * voter's proposals in order), or null. Voter i proposes (t − at[i]) for every t of lists[i].
 */
function mostVoted(
  lists: (Float64Array | undefined)[],
  at: ArrayLike<number>,
  inOrder: boolean,
): number | null {
  if (!inOrder) {
    // A reference with a clock step: a tally per bin, in the order bins are first proposed.
    const votes = new Map<number, number>();
    lists.forEach((ts, i) => {
      for (const t of ts ?? []) {
        const bin = Math.round((t - at[i]) / BIN);
        votes.set(bin, (votes.get(bin) ?? 0) + 1);
      }
    });
    let best: number | null = null;
    for (const [bin, n] of votes) if (best === null || n > (votes.get(best) ?? 0)) best = bin;
    return best;
  }
  // Each voter's bins ascend with its times: the voters' lists are merged by bin (a heap of voters
  // by their next bin), and each bin's votes are counted as it is passed, reading the lists in
  // order rather than tallying hundreds of thousands of bins in a table.
  const v = lists.length;
  const pos = new Int32Array(v);
  const next = new Float64Array(v);
  // The heap as a typed array of voters and its size; swaps through a local, no array per swap.
  const heap = new Int32Array(v);
  let size = 0;
  let stride = 1;
  for (let i = 0; i < v; i++) {
    const ts = lists[i];
    if (!ts || ts.length === 0) continue;
    stride = Math.max(stride, ts.length);
    next[i] = Math.round((ts[0] - at[i]) / BIN);
    heap[size++] = i;
  }
  const down = (k: number) => {
    for (;;) {
      const l = 2 * k + 1;
      if (l >= size) return;
      const c = l + 1 < size && next[heap[l + 1]] < next[heap[l]] ? l + 1 : l;
      if (!(next[heap[c]] < next[heap[k]])) return;
      const h = heap[c];
      heap[c] = heap[k];
      heap[k] = h;
      k = c;
    }
  };
  for (let k = (size >> 1) - 1; k >= 0; k--) down(k);
  let best: number | null = null;
  let bestN = 0;
  let bestRank = Infinity;
  while (size > 0) {
    const bin = next[heap[0]];
    let n = 0;
    // The bin's place in the voter-by-voter order: its first proposal's (voter, index).
    let rank = Infinity;
    while (size > 0 && next[heap[0]] === bin) {
      const i = heap[0];
      n++;
      rank = Math.min(rank, i * stride + pos[i]);
      const ts = lists[i]!;
      if (++pos[i] < ts.length) next[i] = Math.round((ts[pos[i]] - at[i]) / BIN);
      // This voter is done: the last of the heap takes its place.
      else heap[0] = heap[--size];
      down(0);
    }
    if (n > bestN || (n === bestN && rank < bestRank)) {
      best = bin;
      bestN = n;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * The time of the reference advert with sequence key `key` nearest `at` and within `within` µs of it
 * (the earlier on a tie), or undefined. `ref`'s rows are in time order: the search is a scan of the
 * rows within reach, whatever the key, from where the last search began (the adverts asked about
 * come in time order, so it moves forward a few rows at a time; a binary search when it goes back).
 */
function nearestOfKey(ref: TimedAdverts): (key: number, at: number, within: number) => number | undefined {
  let from = 0;
  return (key, at, within) => {
    if (from > 0 && ref.t(from - 1) >= at - within) from = ref.lowerBound(at - within);
    else while (from < ref.length && ref.t(from) < at - within) from++;
    let near: number | undefined;
    let best = within;
    for (let j = from; j < ref.length; j++) {
      const t = ref.t(j);
      if (t >= at + within) break;
      if (ref.seqKey(j) === key && Math.abs(t - at) < best) {
        best = Math.abs(t - at);
        near = t;
      }
    }
    return near;
  };
}

/**
 * The nearest advert per key as before, for a reference with a clock step (rows not in time order):
 * the key's adverts in capture order, searched by bisection.
 */
function nearestInGroups(ref: TimedAdverts): (key: number, at: number, within: number) => number | undefined {
  const keys = new Set<number>();
  for (let i = 0; i < ref.length; i++) if (ref.seqKey(i) >= 0) keys.add(ref.seqKey(i));
  const groups = timesOfKeys(ref, keys);
  return (key, at, within) => {
    const ts = groups.get(key);
    if (!ts) return undefined;
    // The nearer of the reference adverts either side (the earlier on a tie).
    const lo = lowerBound(ts, at);
    const before = lo > 0 ? ts[lo - 1] : undefined;
    const after = lo < ts.length ? ts[lo] : undefined;
    const near =
      before === undefined || (after !== undefined && Math.abs(after - at) < Math.abs(before - at))
        ? after
        : before;
    return near !== undefined && Math.abs(near - at) < within ? near : undefined;
  };
}

/**
 * No IP ids (tcpdump text without -v): vote for the offset that lines up the most adverts of the
 * same source, VRID and priority, then fit the nearest pairs, every k-th advert of a long capture.
 */
function alignBySequence(ref: TimedAdverts, other: TimedAdverts): ClockFit {
  ref.numberAll();
  other.numberAll();
  // The voters: the other capture's first adverts.
  const voters = other.firstAdverts(30);
  const refBy = timesOfKeys(ref, new Set(voters.map((i) => other.seqKey(i))));
  const inOrder = ref.inOrder();
  const best = mostVoted(
    voters.map((i) => refBy.get(other.seqKey(i))),
    voters.map((i) => other.t(i)),
    inOrder,
  );
  if (best === null) return NO_FIT;
  const d = best * BIN;
  const nearest = inOrder ? nearestOfKey(ref) : nearestInGroups(ref);
  // Every step-th advert of the other capture (k counts its adverts).
  const step = Math.max(1, Math.ceil(other.adverts / FIT_SAMPLE));
  const pairs = new Pairs(Math.ceil(other.adverts / step));
  for (let i = 0, k = 0; i < other.length; i++) {
    const key = other.seqKey(i);
    if (key < 0 || k++ % step !== 0) continue;
    const tUs = other.t(i);
    const near = nearest(key, tUs + d, 50_000);
    if (near !== undefined) {
      pairs.push(tUs, near);
    }
  }
  return pairs.length >= 3 ? fitPairs(pairs, 'advert-sequence') : NO_FIT;
}

/** A log event and the reference events it may be: same node, same kind. */
export interface EventPair {
  /** Stamp of the log line (its clock), µs since the epoch, and its resolution. */
  logUs: number;
  resolutionUs: number;
  kind: 'master' | 'garp';
}

/**
 * Aligns a log by voting: every (log event, reference event of the same kind and node) pair
 * proposes offset ∈ (ref − log − resolution, ref − log]; the offset most proposals agree on wins,
 * and the matched pairs' bounds intersect to give the offset and its uncertainty.
 */
export function alignLog(events: EventPair[], refTimes: { master: number[]; garp: number[] }): ClockFit {
  // The proposals' ends as two number lists, not a pair object per proposal: a log of a long
  // incident proposes hundreds of thousands.
  const los: number[] = [];
  const his: number[] = [];
  for (const e of events) {
    const refs = e.kind === 'master' ? refTimes.master : refTimes.garp;
    for (const r of refs) {
      const hi = r - e.logUs;
      if (Math.abs(hi) < 12 * 3600 * US_PER_S) {
        los.push(hi - e.resolutionUs);
        his.push(hi);
      }
    }
    if (los.length > 200_000) break;
  }
  if (los.length === 0) return NO_FIT;
  // Sweep the interval ends to find the point covered by the most intervals: the starts and the
  // ends each sorted, merged with a start before an end at the same point.
  const starts = Float64Array.from(los).sort();
  const ends = Float64Array.from(his).sort();
  let cur = 0;
  let bestN = 0;
  let bestAt = 0;
  for (let i = 0, j = 0; i < starts.length;) {
    if (starts[i] <= ends[j]) {
      cur++;
      if (cur > bestN) {
        bestN = cur;
        bestAt = starts[i];
      }
      i++;
    } else {
      cur--;
      j++;
    }
  }
  let lo = -Infinity;
  let hi = Infinity;
  let matches = 0;
  for (let k = 0; k < los.length; k++)
    if (los[k] <= bestAt && bestAt <= his[k]) {
      lo = Math.max(lo, los[k]);
      hi = Math.min(hi, his[k]);
      matches++;
    }
  return {
    offsetUs: Math.round((lo + hi) / 2),
    drift: 0,
    uncertaintyUs: Math.max(1, Math.round((hi - lo) / 2)),
    matches,
    method: 'transitions',
  };
}
