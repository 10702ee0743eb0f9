/**
 * One clock for every source (issue 11 §2). Captures are aligned to the reference capture by the
 * frames both saw (source, IP id, VRID, priority: the same advert), with an offset, a drift and
 * their uncertainty; logs are aligned by matching their transitions and GARP lines with the
 * capture's master-run starts and GARP frames. A whole-second stamp bounds the true time to
 * [stamp, stamp + 1 s): each match bounds the offset, and the bounds of all matches intersect.
 */
import * as P from '../analysis/packet-index';
import { US_PER_S } from '../trace/time';
import { lowerBound, type CaptureRows } from './capture-rows';

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

/** A capture's adverts at absolute times (µs since the epoch, on its source's clock), as columns. */
export interface TimedAdverts {
  tUs: Float64Array;
  /** Source, VRID, priority and IPv4 id as one number: the same advert in another capture; -1 when no id. */
  key: Float64Array;
  /** Source, VRID and priority without the IP id (the fallback when ids are unknown). */
  seqKey: Float64Array;
}

/**
 * The adverts of a capture's rows. `senders` numbers the source addresses and is shared by every
 * capture aligned together, so that keys compare across captures.
 */
export function advertsOf(rows: CaptureRows, epochUs: number, senders: Map<string, number>): TimedAdverts {
  const { kind, source, vrid, prio, flags, ipId, tUs } = rows.ix;
  const length = rows.length;
  let n = 0;
  for (let i = 0; i < length; i++) if (kind[i] === P.KIND_VRRP) n++;
  const out: TimedAdverts = {
    tUs: new Float64Array(n),
    key: new Float64Array(n),
    seqKey: new Float64Array(n),
  };
  // The analysis' source ids are 16-bit: a table, not a Map lookup per advert.
  const senderOf = new Int32Array(65_536).fill(-1);
  let k = 0;
  for (let i = 0; i < length; i++) {
    if (kind[i] !== P.KIND_VRRP) continue;
    let sender = senderOf[source[i]];
    if (sender < 0) {
      const a = rows.address(i);
      sender = senders.get(a) ?? -1;
      if (sender < 0) senders.set(a, (sender = senders.size));
      senderOf[source[i]] = sender;
    }
    const seq = (sender * 256 + vrid[i]) * 256 + prio[i];
    const id = flags[i] & P.FLAG_IPV6 ? 0 : ipId[i];
    out.tUs[k] = epochUs + tUs[i];
    out.seqKey[k] = seq;
    out.key[k++] = id > 0 ? seq * 65536 + id : -1;
  }
  return out;
}

/**
 * At most about this many matched adverts are fitted. A longer capture is sampled across its whole
 * span (every k-th advert, or the frames whose key hashes to a multiple of k), so the fit's time and
 * memory do not grow with the capture's length; a line through 65 536 points spread over the span
 * is as good as one through millions.
 */
export const FIT_SAMPLE = 1 << 16;

/** An integer hash of a frame key (up to 2^48), so that sampling by key picks frames spread over the capture. */
function keyHash(key: number): number {
  const h = Math.imul((key % 4294967296) ^ Math.floor(key / 4294967296), 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
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
interface Pairs {
  src: number[];
  ref: number[];
}

function fitPairs(pairs: Pairs, method: ClockFit['method']): ClockFit {
  // Outliers (repeated ids) beyond 1 s of the median go.
  const n = pairs.src.length;
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
 * their key in both captures; a long reference is sampled by key hash (the same frames are kept on
 * both sides), so the table of keys and the pairs stay under FIT_SAMPLE. The uncertainty is the
 * worst residual of the frames fitted.
 */
export function alignCapture(ref: TimedAdverts, other: TimedAdverts): ClockFit {
  const every = Math.max(1, Math.ceil(ref.tUs.length / FIT_SAMPLE));
  const kept = (key: number) => key >= 0 && (every === 1 || keyHash(key) % every === 0);
  const byKey = new Map<number, number>();
  for (let i = 0; i < ref.tUs.length; i++) {
    const key = ref.key[i];
    if (kept(key) && !byKey.has(key)) byKey.set(key, ref.tUs[i]);
  }
  const pairs: Pairs = { src: [], ref: [] };
  for (let i = 0; i < other.tUs.length; i++) {
    const t = kept(other.key[i]) ? byKey.get(other.key[i]) : undefined;
    if (t === undefined) continue;
    pairs.src.push(other.tUs[i]);
    pairs.ref.push(t);
  }
  if (pairs.src.length >= 3) return fitPairs(pairs, 'shared-frames');
  return alignBySequence(ref, other);
}

/**
 * The reference's advert times of the sequence keys `keys` (source, VRID, priority), each in capture
 * order: the few keys the vote needs, not a list per key of the whole capture.
 */
function timesOfKeys(ref: TimedAdverts, keys: Set<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const k of keys) out.set(k, []);
  // Adverts of many senders interleave, but each sender repeats its key: the list of the key last
  // seen per sender (the key's high part), not a Map lookup per advert.
  const lastKey: number[] = [];
  const lastList: (number[] | undefined)[] = [];
  for (let i = 0; i < ref.seqKey.length; i++) {
    const key = ref.seqKey[i];
    const sender = Math.floor(key / 65_536);
    if (lastKey[sender] !== key) {
      lastKey[sender] = key;
      lastList[sender] = out.get(key);
    }
    lastList[sender]?.push(ref.tUs[i]);
  }
  // A key the reference never shows has no list (the vote skips it).
  for (const [k, ts] of out) if (ts.length === 0) out.delete(k);
  return out;
}

/**
 * Votes per bin in typed arrays (open addressing), for the hundreds of thousands a long capture
 * casts. `best` is the bin with the most votes, the first voted for on a tie.
 */
class Votes {
  private readonly bins: Float64Array;
  private readonly counts: Int32Array;
  /** Slots in the order their bins got a first vote. */
  private readonly order: Int32Array;
  private used = 0;
  private readonly mask: number;

  constructor(most: number) {
    let size = 16;
    while (size < 2 * most) size *= 2;
    this.bins = new Float64Array(size);
    this.counts = new Int32Array(size);
    this.order = new Int32Array(Math.max(1, most));
    this.mask = size - 1;
  }

  add(bin: number): void {
    let h = (Math.imul((bin | 0) ^ Math.floor(bin / 4294967296), 0x9e3779b1) >>> 0) & this.mask;
    while (this.counts[h] !== 0 && this.bins[h] !== bin) h = (h + 1) & this.mask;
    if (this.counts[h] === 0) {
      this.bins[h] = bin;
      this.order[this.used++] = h;
    }
    this.counts[h]++;
  }

  best(): number | null {
    let b = -1;
    for (let k = 0; k < this.used; k++) {
      const h = this.order[k];
      if (b < 0 || this.counts[h] > this.counts[b]) b = h;
    }
    return b < 0 ? null : this.bins[b];
  }
}

/** True when the times never step back (a capture without a clock step). */
function ascending(ts: Float64Array): boolean {
  for (let i = 1; i < ts.length; i++) if (ts[i] < ts[i - 1]) return false;
  return true;
}

/**
 * The time of the reference advert with sequence key `key` nearest `at` and within `within` µs of it
 * (the earlier on a tie), or undefined. `ref` is in time order: the search is a binary search and a
 * scan of the adverts within reach, whatever the key.
 */
function nearestOfKey(ref: TimedAdverts, key: number, at: number, within: number): number | undefined {
  let near: number | undefined;
  let best = within;
  for (let j = lowerBound(ref.tUs, at - within); j < ref.tUs.length; j++) {
    const t = ref.tUs[j];
    if (t >= at + within) break;
    if (ref.seqKey[j] === key && Math.abs(t - at) < best) {
      best = Math.abs(t - at);
      near = t;
    }
  }
  return near;
}

/**
 * The nearest advert per key as before, for a reference with a clock step (not in time order):
 * the key's adverts in capture order, searched by bisection.
 */
function nearestInGroups(ref: TimedAdverts): (key: number, at: number, within: number) => number | undefined {
  const groups = timesOfKeys(ref, new Set(ref.seqKey));
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
  const pairs: Pairs = { src: [], ref: [] };
  const VOTERS = Math.min(30, other.tUs.length);
  const refBy = timesOfKeys(ref, new Set(other.seqKey.subarray(0, VOTERS)));
  let cast = 0;
  for (let i = 0; i < VOTERS; i++) cast += refBy.get(other.seqKey[i])?.length ?? 0;
  const votes = new Votes(cast);
  const BIN = 10_000;
  for (let i = 0; i < VOTERS; i++)
    for (const t of refBy.get(other.seqKey[i]) ?? []) votes.add(Math.round((t - other.tUs[i]) / BIN));
  const best = votes.best();
  if (best === null) return NO_FIT;
  const d = best * BIN;
  const nearest = ascending(ref.tUs)
    ? (key: number, at: number, within: number) => nearestOfKey(ref, key, at, within)
    : nearestInGroups(ref);
  const step = Math.max(1, Math.ceil(other.tUs.length / FIT_SAMPLE));
  for (let i = 0; i < other.tUs.length; i += step) {
    const tUs = other.tUs[i];
    const near = nearest(other.seqKey[i], tUs + d, 50_000);
    if (near !== undefined) {
      pairs.src.push(tUs);
      pairs.ref.push(near);
    }
  }
  return pairs.src.length >= 3 ? fitPairs(pairs, 'advert-sequence') : NO_FIT;
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
  const proposals: [number, number][] = [];
  for (const e of events) {
    const refs = e.kind === 'master' ? refTimes.master : refTimes.garp;
    for (const r of refs) {
      const hi = r - e.logUs;
      if (Math.abs(hi) < 12 * 3600 * US_PER_S) proposals.push([hi - e.resolutionUs, hi]);
    }
    if (proposals.length > 200_000) break;
  }
  if (proposals.length === 0) return NO_FIT;
  // Sweep the interval ends to find the point covered by the most intervals.
  const ev: [number, number][] = [];
  for (const [lo, hi] of proposals) ev.push([lo, 1], [hi, -1]);
  ev.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let cur = 0;
  let bestN = 0;
  let bestAt = 0;
  for (const [x, d] of ev) {
    cur += d;
    if (cur > bestN) {
      bestN = cur;
      bestAt = x;
    }
  }
  const covering = proposals.filter(([lo, hi]) => lo <= bestAt && bestAt <= hi);
  const lo = Math.max(...covering.map((p) => p[0]));
  const hi = Math.min(...covering.map((p) => p[1]));
  return {
    offsetUs: Math.round((lo + hi) / 2),
    drift: 0,
    uncertaintyUs: Math.max(1, Math.round((hi - lo) / 2)),
    matches: covering.length,
    method: 'transitions',
  };
}
