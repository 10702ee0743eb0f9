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
}

/** Deadline-ordered queue of callbacks in virtual time. */
export class VirtualClock implements Clock {
  #now: Micros = 0;
  #seq = 0;
  #heap: TimerHandle[] = [];
  /** Callbacks run so far (for benchmarks). */
  fired = 0;

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
    };
    this.#push(h);
    return h;
  }

  /** Cancels a pending callback; a no-op for fired or unknown handles. */
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
      const fn = top.fn;
      if (!fn) continue;
      top.fn = null;
      this.#now = top.deadline;
      this.fired++;
      fn();
    }
    if (until > this.#now) this.#now = until;
  }

  #less(a: TimerHandle, b: TimerHandle): boolean {
    if (a.deadline !== b.deadline) return a.deadline < b.deadline;
    return a.lane !== b.lane ? a.lane < b.lane : a.seq < b.seq;
  }

  #push(h: TimerHandle): void {
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
    while (this.#heap.length && !this.#heap[0].fn) this.#pop();
  }
}
