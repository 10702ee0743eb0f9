/**
 * The one Session every view reads (src/ui/state/contract.ts): the scenario or capture shown, its Trace,
 * the virtual time `t` and the Frame at `t`. Views never compute protocol state themselves; they read
 * `frame` (FrameIndex.frameAt) and send intents (seek, play, applyAction…).
 */
import { getContext, setContext } from 'svelte';
import { FrameIndex, type Frame } from '../../lib/trace/frame';
import type { Diagnostic } from '../../lib/trace/diagnostic';
import type { Micros, Trace, TraceEvent } from '../../lib/trace/types';
import { eventCountAt, nextEventTime, previousEventTime } from '../../lib/trace/search';
import { US_PER_S } from '../../lib/trace/time';
import type { Scenario, ScenarioEvent } from '../../lib/scenario/types';
import { checkEvent, scenarioFacts } from '../../lib/scenario/actions/check';
import type { Selection, SessionApi } from './contract';
import { Playback } from './playback.svelte';
import { nextMasterChange } from './master-changes';
import { boundedClock } from '../../lib/trace/replay-clock';
import { yieldToEventLoop } from './yield';

import { isAbortError, type SimulationRunner } from '../../worker/simulator';
export type { SimulationRunner };

export interface SessionOptions {
  /** The app passes the simulation worker's runner; tests may pass `simulate` itself (a result at once). */
  simulate?: SimulationRunner;
  /** Run length when the scenario names none, seconds. */
  defaultDurationS?: number;
}

/** A run asked for and not shown yet: what the view swaps to when it finishes. */
export interface PendingRun {
  scenario: Scenario;
  /** Virtual time simulated so far and the run's length, µs. */
  doneUs: Micros;
  totalUs: Micros;
  /** performance.now() when it was asked for, ms. */
  startedMs: number;
}

/**
 * Work a view does for a run's trace before it is shown (its layout, its lanes, the parsed configs),
 * kept by the view for when the swap comes. Each preparer runs in a task of its own, so that the swap
 * itself, one Svelte update, only reads what is ready; a promise may take several tasks. A capture's
 * trace (loadCapture) comes without a scenario.
 */
export type Preparer = (next: { trace: Trace; scenario: Scenario | null }) => void | Promise<void>;

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

/** Events that a step (→ / ←) stops at: everything but timer bookkeeping and log lines. */
function isStepStop(e: TraceEvent): boolean {
  return e.kind !== 'timer' && e.kind !== 'log';
}

export class Session implements SessionApi {
  #simulate: SimulationRunner | undefined;
  #defaultDurationS: number;
  /** The scenario as last loaded from outside, before any fork: what reset() returns to. */
  #base: Scenario | null = null;
  /** The scenario as loaded from outside, before config edits. */
  #original = $state.raw<Scenario | null>(null);

  #scenario = $state.raw<Scenario | null>(null);
  #trace = $state.raw<Trace | null>(null);
  #index = $state.raw<FrameIndex | null>(null);
  #t = $state<Micros>(0);
  #speed = $state(1);
  #selection = $state.raw<Selection>({});
  #diagnostics = $state.raw<Diagnostic[]>([]);
  #window = $state.raw<{ from: Micros; to: Micros }>({ from: 0, to: 0 });
  #frame = $derived<Frame | null>(this.#index ? this.#index.frameAt(this.#t) : null);
  #playback: Playback;
  #pending = $state.raw<PendingRun | null>(null);
  #runAbort: AbortController | null = null;
  #runDone: Promise<void> = Promise.resolve();
  #preparers: Preparer[] = [];

  constructor(options: SessionOptions = {}) {
    this.#simulate = options.simulate;
    this.#defaultDurationS = options.defaultDurationS ?? 60;
    this.#playback = new Playback((dtMs) => this.#advance(dtMs));
  }

  get source(): 'simulation' | 'capture' {
    return this.#trace?.origin.source ?? 'simulation';
  }
  get scenario(): Scenario | null {
    return this.#scenario;
  }
  get trace(): Trace | null {
    return this.#trace;
  }
  get index(): FrameIndex | null {
    return this.#index;
  }
  get t(): Micros {
    return this.#t;
  }
  get frame(): Frame | null {
    return this.#frame;
  }
  get playing(): boolean {
    return this.#playback.running;
  }
  get speed(): number {
    return this.#speed;
  }
  get selection(): Selection {
    return this.#selection;
  }
  get diagnostics(): Diagnostic[] {
    return this.#diagnostics;
  }
  get window(): { from: Micros; to: Micros } {
    return this.#window;
  }
  /** The end of the trace, µs (0 without one). */
  get endUs(): Micros {
    return this.#trace?.endUs ?? 0;
  }
  /**
   * The run in flight, if any. Until it finishes the view keeps showing the scenario and trace it shows
   * now; then both are swapped at once.
   */
  get pending(): PendingRun | null {
    return this.#pending;
  }
  /**
   * Resolves when no run is in flight (the last one shown, failed or cancelled). It first lets the event
   * loop take a turn, so that a click or key already dispatched to the page, whose handler has not run
   * yet, has asked for its run; and a run that a newer one superseded meanwhile is waited past.
   */
  async settled(): Promise<void> {
    // A timer, not scheduler.yield: its continuation would run ahead of the input waiting.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (;;) {
      const done = this.#runDone;
      await done;
      if (done === this.#runDone) return;
    }
  }
  /**
   * Registers work to do on each run's trace before it is shown (Preparer); returns the unregistering
   * function (for a view's teardown).
   */
  prepareWith(preparer: Preparer): () => void {
    this.#preparers = [...this.#preparers, preparer];
    return () => {
      this.#preparers = this.#preparers.filter((p) => p !== preparer);
    };
  }
  /** Stops the run in flight; the view stays on what it shows. */
  cancelRun(): void {
    this.#cancel();
  }
  /** True when a simulator is wired in (scenarios can be run). */
  get canSimulate(): boolean {
    return this.#simulate !== undefined;
  }

  seek(t: Micros): void {
    this.#t = Math.round(Math.max(0, Math.min(this.endUs, t)));
  }

  play(): void {
    if (!this.#trace) return;
    if (this.#t >= this.endUs) this.#t = 0;
    this.#playback.start();
  }

  pause(): void {
    this.#playback.stop();
  }

  /** Speed is clamped to 0.1..100 virtual seconds per wall second. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed)) return;
    this.#speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  }

  stepForward(): void {
    const next = this.#trace ? nextEventTime(this.#trace.events, this.#t, isStepStop) : null;
    if (next !== null) this.seek(next);
  }

  stepBack(): void {
    const prev = this.#trace ? previousEventTime(this.#trace.events, this.#t, isStepStop) : null;
    this.seek(prev ?? 0);
  }

  /**
   * The next change of master (a takeover or the start of a dual master, master-changes.ts); Explain
   * follows it: the instance that became MASTER is selected.
   */
  nextFailover(): void {
    const next = this.#trace ? nextMasterChange(this.#trace, this.#t) : null;
    if (next === null) return;
    this.seek(next.t);
    this.#selection = { node: next.to, instance: next.instance };
  }

  select(selection: Selection): void {
    this.#selection = selection;
  }

  setWindow(from: Micros, to: Micros): void {
    const lo = Math.max(0, Math.min(from, to));
    const hi = Math.min(this.endUs, Math.max(from, to));
    this.#window = hi > lo ? { from: lo, to: hi } : { from: 0, to: this.endUs };
  }

  /** Runs `scenario` as the new original; resolves once it is shown (or failed, or was cancelled). */
  loadScenario(scenario: Scenario): Promise<void> {
    this.#base = scenario;
    this.#original = scenario;
    return this.#run(scenario);
  }

  /** The scenario as loaded from outside, before any config edit or fault: what "Restore original" gives back. */
  get original(): Scenario | null {
    return this.#original;
  }

  /**
   * Runs an edited scenario (the Config panel's Apply). Unlike loadScenario, the original is kept, so
   * the edit can be undone ("Restore original"); Reset returns to the edited configs without faults
   * added since.
   */
  applyEdit(scenario: Scenario): Promise<void> {
    this.#base = scenario;
    return this.#run(scenario);
  }

  /**
   * Adds an event at t (or `event.at`) and re-runs. An event the scenario validator refuses (a name
   * that does not exist, a value out of range, a fault that changes nothing) is not applied: the
   * refusal is returned, null otherwise. A fault added while a run is in flight adds to that run's scenario.
   */
  applyAction(event: Omit<ScenarioEvent, 'at'> & { at?: number }): string | null {
    const current = this.#pending?.scenario ?? this.#scenario;
    if (!current) return 'no scenario to apply it to';
    const at = event.at ?? this.#t / US_PER_S;
    const added = { ...event, at } as ScenarioEvent;
    const refusals: string[] = [];
    checkEvent(added, 'event', scenarioFacts(current), (_path, message, _code, severity = 'error') => {
      if (severity === 'error') refusals.push(message);
    });
    if (refusals.length) return refusals.join('; ');
    // Same seed, one more event: the run is identical up to `at` and forks there (style.md §8).
    const events = [...(current.events ?? []), added].sort((a, b) => a.at - b.at);
    void this.#run({ ...current, events });
    return null;
  }

  /** `startUs`: where the trace starts on its capture's clock (a window of a long capture). */
  loadTrace(trace: Trace, startUs: Micros = 0): void {
    this.#cancel();
    this.#scenario = null;
    // Timestamps that go back or leap ahead are replayed in file order on a bounded clock (replay-clock.ts).
    const bounded = boundedClock(trace, startUs).trace;
    // Another recording: the view starts on all of it, not on the zoom of what was shown before.
    this.#show(bounded, bounded.diagnostics, false);
  }

  /**
   * A capture's trace, as loadTrace, but shown only once the views have prepared it (Preparer) and
   * the frame index is warmed up to the time, in short tasks: the first draw then only reads what is
   * ready. A newer capture (`stale()`), run or trace loaded meanwhile overtakes it. `onShow` runs in
   * the swap's task, just before (what goes with the trace: the file it was read from). The trace is
   * on its replay clock already (the capture worker applies replay-clock.ts).
   */
  loadCapture(trace: Trace, stale: () => boolean, onShow?: () => void): Promise<void> {
    this.#cancel();
    const abort = new AbortController();
    this.#runAbort = abort;
    const mine = () => this.#runAbort === abort && !abort.signal.aborted && !stale();
    this.#runDone = (async () => {
      const ready = await this.#prepareCapture(trace, () => !mine());
      if (!ready) return;
      onShow?.();
      this.#runAbort = null;
      this.#scenario = null;
      this.#show(ready.trace, ready.trace.diagnostics, false, ready.index);
    })();
    return this.#runDone;
  }

  /**
   * Another window of the capture shown, on the same clock (capture-window.svelte.ts): the view keeps
   * its time, zoom and playback; the frame index is warmed up to the time and the views prepare the
   * window's trace in short steps first. `onShow` as loadCapture's.
   */
  async showCaptureWindow(trace: Trace, stale: () => boolean, onShow?: () => void): Promise<void> {
    const ready = await this.#prepareCapture(trace, stale);
    if (!ready) return;
    onShow?.();
    // A packet selected in the old window has another index in this one.
    if (this.#selection.packet !== undefined) this.#selection = { ...this.#selection, packet: undefined };
    this.#show(ready.trace, ready.trace.diagnostics, true, ready.index);
  }

  reset(): Promise<void> {
    this.pause();
    this.#t = 0;
    this.#selection = {};
    this.#window = { from: 0, to: this.endUs };
    return this.#base && (this.#scenario || this.#pending) ? this.#run(this.#base, false) : this.#runDone;
  }

  #cancel(): void {
    this.#runAbort?.abort();
    this.#runAbort = null;
    this.#pending = null;
  }

  /**
   * Runs `scenario` and shows it with its trace. A runner that answers at once is shown at once; a
   * promise leaves the view on what it shows until the trace arrives. A newer run cancels an older one.
   */
  #run(scenario: Scenario, keepZoom = true): Promise<void> {
    this.#cancel();
    const simulate = this.#simulate;
    if (!simulate) {
      this.#scenario = scenario;
      this.#diagnostics = [
        {
          code: 'ui.no-simulator',
          severity: 'error',
          message: 'This build has no simulator; scenarios cannot run.',
        },
      ];
      return this.#runDone;
    }
    const totalUs = Math.round((scenario.duration ?? this.#defaultDurationS) * US_PER_S);
    const abort = new AbortController();
    let answer: ReturnType<SimulationRunner>;
    try {
      answer = simulate(scenario, {
        untilUs: totalUs,
        signal: abort.signal,
        onProgress: (doneUs) => {
          if (this.#runAbort === abort && this.#pending) this.#pending = { ...this.#pending, doneUs };
        },
      });
    } catch (err) {
      this.#failed(scenario, err);
      return this.#runDone;
    }
    if (!(answer instanceof Promise)) {
      this.#scenario = scenario;
      this.#show(answer.value, answer.diagnostics, keepZoom);
      return this.#runDone;
    }
    this.#runAbort = abort;
    this.#pending = { scenario, doneUs: 0, totalUs, startedMs: performance.now() };
    const mine = () => this.#runAbort === abort && !abort.signal.aborted;
    this.#runDone = answer.then(
      async (result) => {
        if (!mine()) return;
        const index = await this.#prepare(result.value, scenario, () => !mine());
        if (!index) return;
        this.#runAbort = null;
        this.#pending = null;
        this.#scenario = scenario;
        this.#show(result.value, result.diagnostics, keepZoom, index);
      },
      (err: unknown) => {
        if (isAbortError(err) || !mine()) return;
        this.#runAbort = null;
        this.#pending = null;
        this.#failed(scenario, err);
      },
    );
    return this.#runDone;
  }

  /**
   * Before a trace is shown: its frame index warmed up to the time, then each view's preparer in a
   * task of its own; null when `stale()` says a newer run or trace overtook it. Ends a task before
   * the swap, so that the swap runs in a task of its own.
   */
  async #prepare(trace: Trace, scenario: Scenario | null, stale: () => boolean): Promise<FrameIndex | null> {
    const index = await warmIndex(trace, this.#t, stale);
    if (!index) return null;
    for (const prepare of this.#preparers) {
      await yieldToEventLoop();
      if (stale()) return null;
      // A preparer that fails leaves its view to do the work at the swap (and fail there, visibly).
      await Promise.resolve(prepare({ trace, scenario })).catch(() => {});
      if (stale()) return null;
    }
    await yieldToEventLoop();
    return stale() ? null : index;
  }

  /**
   * A capture's trace (or a window of it), prepared (#prepare): not in the task that brought it from
   * the worker, which renders the report. Null when `stale()`.
   */
  async #prepareCapture(
    trace: Trace,
    stale: () => boolean,
  ): Promise<{ trace: Trace; index: FrameIndex } | null> {
    await yieldToEventLoop();
    if (stale()) return null;
    const index = await this.#prepare(trace, null, stale);
    return index ? { trace, index } : null;
  }

  #failed(scenario: Scenario, err: unknown): void {
    // The simulator reports bad input as diagnostics; anything thrown is a bug, shown, never a blank view.
    const message = err instanceof Error ? err.message : String(err);
    this.#scenario = scenario;
    this.#diagnostics = [
      { code: 'internal.simulate', severity: 'error', message: `The simulator failed: ${message}` },
    ];
  }

  /** `keepZoom`: a re-run (fork) of the scenario shown keeps the zoomed window when it still fits. */
  #show(trace: Trace, diagnostics: Diagnostic[], keepZoom = true, index = new FrameIndex(trace)): void {
    const keepWindow =
      keepZoom && this.#trace !== null && this.#window.to <= trace.endUs && this.#window.to > 0;
    this.#trace = trace;
    this.#index = index;
    this.#diagnostics = diagnostics;
    this.#t = Math.min(this.#t, trace.endUs);
    if (!keepWindow) this.#window = { from: 0, to: trace.endUs };
  }

  #advance(dtMs: number): boolean {
    const next = this.#t + dtMs * 1000 * this.#speed;
    if (next >= this.endUs) {
      this.#t = this.endUs;
      return false;
    }
    this.#t = Math.round(next);
    return true;
  }

  /** Creates a session and provides it to the component subtree. */
  static create(options: SessionOptions = {}): Session {
    return setSession(new Session(options));
  }
}

/**
 * The frame index of a trace that arrived from the worker, with its checkpoints up to `t` already made,
 * a few per task: the view then swaps to it without folding thousands of events in one task. Null
 * when `stale()` says a newer run or a cancel overtook it.
 */
async function warmIndex(trace: Trace, t: Micros, stale: () => boolean): Promise<FrameIndex | null> {
  const index = new FrameIndex(trace);
  const target = eventCountAt(trace.events, t);
  let since = performance.now();
  for (let count = 0; count < target; count += WARM_STEP) {
    index.frameAfter(count);
    if (performance.now() - since < WARM_SLICE_MS) continue;
    await yieldToEventLoop();
    if (stale()) return null;
    since = performance.now();
  }
  return stale() ? null : index;
}

/** Events folded between two looks at the clock, and the work allowed in one task, ms. */
const WARM_STEP = 1024;
const WARM_SLICE_MS = 20;

const KEY = Symbol('vrrpscope.session');

export function setSession(session: Session): Session {
  return setContext(KEY, session);
}

export function getSession(): Session {
  const s = getContext<Session | undefined>(KEY);
  if (!s) throw new Error('getSession() outside a Session provider (App or Workbench)');
  return s;
}
