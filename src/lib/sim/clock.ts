/**
 * The simulator's virtual clock: an XState `Clock` (setTimeout / clearTimeout) over integer µs of
 * virtual time. Callbacks run strictly in (deadline, insertion sequence) order, and `now` is each
 * callback's own deadline while it runs, so equal deadlines fire in the order they were set
 * (docs/style.md §6: never XState's SimulatedClock, which jumps first and has no tie-break).
 */
import type { ActorOptions, AnyActorLogic } from 'xstate';
import type { Micros } from '../trace/types';

/** XState's Clock interface (not exported by name from 'xstate'). */
export type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

/** A pending timer; also the handle returned by `setTimeout`. */
export interface TimerHandle {
  deadline: Micros;
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

  /** Schedules `fn` after `timeout` µs (negative or NaN counts as 0). Returns the handle for clearTimeout. */
  setTimeout(fn: () => void, timeout: number): TimerHandle {
    const delay = timeout > 0 ? Math.floor(timeout) : 0;
    return this.at(this.#now + delay, fn);
  }

  /** Schedules `fn` at an absolute time (not before now). */
  at(deadline: Micros, fn: () => void): TimerHandle {
    const h: TimerHandle = { deadline: deadline < this.#now ? this.#now : deadline, seq: this.#seq++, fn };
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
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
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
