/**
 * The simulator's virtual clock: an XState `Clock` (setTimeout / clearTimeout) over integer µs of
 * virtual time. Callbacks run strictly in (deadline, lane, insertion sequence) order, and `now` is each
 * callback's own deadline while it runs (docs/style.md §6: never XState's SimulatedClock, which jumps
 * first and has no tie-break).
 *
 * Lanes break ties between what reaches a daemon from outside and its own timers. keepalived's
 * scheduler (lib/scheduler.c `thread_fetch_next_queue`) first turns every fd that epoll reports
 * readable into a ready read thread, taking it out of the timeout tree; the timerfd handler that
 * runs afterwards (`thread_timerfd_handler`) times out only threads still in that tree. The VRRP
 * socket's read thread carries the instances' advert and master-down deadlines as its timeout
 * (vrrp_scheduler.c `vrrp_read_dispatcher_thread`), so when an advert is waiting on the socket as
 * the deadline passes, the packet is read and handled first, and a MASTER's answer resets the
 * deadline (§2.11). Frame arrivals (and scenario actions, which were always first) therefore run in
 * the `arrival` lane, before every `timer` at the same µs.
 */
import type { ActorOptions, AnyActorLogic } from 'xstate';
import type { Micros } from '../trace/types';

/** XState's Clock interface (not exported by name from 'xstate'). */
export type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** Tie-break lane at one deadline: arrivals (frames, scenario actions) before daemon timers. */
export const Lane = { arrival: 0, timer: 1 } as const;
export type Lane = (typeof Lane)[keyof typeof Lane];

/** A pending timer; also the handle returned by `setTimeout`. */
export interface TimerHandle {
  deadline: Micros;
  lane: Lane;
  seq: number;
  fn: (() => void) | null;
  /** A set of arrivals sharing this entry (`atEach`); null for a single callback. */
  batch: ArrivalBatch | null;
}

/**
 * The callbacks of one `atEach` call: one clock entry that stands, at each moment, for the earliest
 * callback not yet run, with that callback's own deadline and sequence number.
 */
interface ArrivalBatch {
  base: Micros;
  run: (i: number) => void;
  /** `offset × span + index` per callback, ascending: (deadline, sequence) order in one number. */
  keys: Float64Array;
  span: number;
  /** Position in `keys` of the next callback to run. */
  next: number;
  /** The sequence number of index 0; index i has `seq0 + i`. */
  seq0: number;
}

/** Deadline-ordered queue of callbacks in virtual time. */
export class VirtualClock implements Clock {
  #now: Micros = 0;
  #seq = 0;
  #heap: TimerHandle[] = [];
  /** Callbacks run so far (for benchmarks). */
  fired = 0;
  /** Entries pushed onto the queue so far (for benchmarks): an `atEach` set re-enters it only when
   * something else falls due between two of its callbacks. */
  queued = 0;

  /** Current virtual time, µs. */
  get now(): Micros {
    return this.#now;
  }

  /**
   * Schedules `fn` after `timeout` µs (negative or NaN counts as 0), in the timer lane unless told.
   * Returns the handle for clearTimeout.
   */
  setTimeout(fn: () => void, timeout: number, lane: Lane = Lane.timer): TimerHandle {
    const delay = timeout > 0 ? Math.floor(timeout) : 0;
    return this.at(this.#now + delay, fn, lane);
  }

  /** Schedules `fn` at an absolute time (not before now), in the timer lane unless told. */
  at(deadline: Micros, fn: () => void, lane: Lane = Lane.timer): TimerHandle {
    const h: TimerHandle = {
      deadline: deadline < this.#now ? this.#now : deadline,
      lane,
      seq: this.#seq++,
      fn,
      batch: null,
    };
    this.#push(h);
    return h;
  }

  /**
   * Schedules `run(i)` at `base + offsets[i]` (base not before now, offsets whole µs ≥ 0) for every i,
   * in one lane, exactly as `offsets.length` calls of `at` in index order would (each keeps its own
   * sequence number), but as one queue entry: the set only goes back into the queue when another
   * callback falls due between two of its own. A frame's arrivals at each of its receivers cost one
   * entry, not one per receiver.
   */
  atEach(base: Micros, offsets: ArrayLike<number>, run: (i: number) => void, lane: Lane = Lane.timer): void {
    const n = offsets.length;
    if (n === 0) return;
    // One number per callback sorts natively (no comparator) into (offset, index) order.
    let span = 1;
    while (span < n) span *= 2;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = offsets[i] * span + i;
    if (n > 1) keys.sort();
    const seq0 = this.#seq;
    this.#seq += n;
    const h: TimerHandle = {
      deadline: base < this.#now ? this.#now : base,
      lane,
      seq: 0,
      fn: null,
      batch: { base: base < this.#now ? this.#now : base, run, keys, span, next: 0, seq0 },
    };
    this.#aim(h);
    this.#push(h);
  }

  /** Points an `atEach` entry at its next callback: that callback's deadline and sequence number. */
  #aim(h: TimerHandle): void {
    const b = h.batch!;
    const key = b.keys[b.next];
    const offset = Math.floor(key / b.span);
    h.deadline = b.base + offset;
    h.seq = b.seq0 + (key - offset * b.span);
  }

  /** Cancels a pending callback; a no-op for fired or unknown handles (and `atEach` sets, never cancelled). */
  clearTimeout(id: TimerHandle | undefined): void {
    if (id && typeof id === 'object') id.fn = null;
  }

  /** Deadline of the next live callback, or null when none is pending. */
  peek(): Micros | null {
    this.#dropCancelled();
    return this.#heap.length ? this.#heap[0].deadline : null;
  }

  /**
   * Runs every callback with deadline ≤ `until` in order (callbacks may schedule more), then leaves
   * `now` at `until`.
   */
  runUntil(until: Micros): void {
    if (!(until >= this.#now)) return; // NaN or the past: nothing to run (never an endless loop)
    const heap = this.#heap;
    while (heap.length) {
      const top = heap[0];
      if (top.deadline > until) break;
      this.#pop();
      if (top.batch) {
        this.#runBatch(top, until);
        continue;
      }
      const fn = top.fn;
      if (!fn) continue;
      top.fn = null;
      this.#now = top.deadline;
      this.fired++;
      fn();
    }
    if (until > this.#now) this.#now = until;
  }

  /**
   * Runs a popped `atEach` entry's callbacks in order for as long as each is due before everything
   * still queued (by deadline, lane, sequence, as if each were its own entry); the rest go back into
   * the queue under the key of the next one.
   */
  #runBatch(h: TimerHandle, until: Micros): void {
    const b = h.batch!;
    const heap = this.#heap;
    for (;;) {
      const i = h.seq - b.seq0;
      this.#now = h.deadline;
      this.fired++;
      b.next++;
      b.run(i);
      if (b.next === b.keys.length) return;
      this.#aim(h);
      if (h.deadline > until || (heap.length && this.#less(heap[0], h))) {
        this.#push(h);
        return;
      }
    }
  }

  #less(a: TimerHandle, b: TimerHandle): boolean {
    if (a.deadline !== b.deadline) return a.deadline < b.deadline;
    return a.lane !== b.lane ? a.lane < b.lane : a.seq < b.seq;
  }

  #push(h: TimerHandle): void {
    this.queued++;
    const heap = this.#heap;
    let i = heap.length;
    heap.push(h);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h, heap[p])) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = h;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#less(heap[r], heap[l]) ? r : l;
      if (!this.#less(heap[c], last)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }

  #dropCancelled(): void {
    while (this.#heap.length && !this.#heap[0].fn && !this.#heap[0].batch) this.#pop();
  }
}
