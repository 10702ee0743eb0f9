/**
 * The contract between the app shell (src/ui/app, src/ui/state) and the panels and teaching views
 * (src/ui/panels, src/ui/teach): every view reads the one Session and sends intents to it.
 * The shell implements it in session.svelte.ts and provides it through Svelte context
 * (`setSession` / `getSession`).
 */
import type { Frame, FrameIndex } from '../../lib/trace/frame';
import type { Diagnostic } from '../../lib/trace/diagnostic';
import type { Micros, Trace } from '../../lib/trace/types';
import type { Scenario, ScenarioEvent } from '../../lib/scenario/types';

export interface Selection {
  node?: string;
  instance?: string;
  /** Index into trace.packets. */
  packet?: number;
  /** Packet field key (e.g. `vrrp.prio`) highlighted in the hex view. */
  field?: string;
}

export type ViewChrome = 'full' | 'embed' | 'present';

export interface SessionApi {
  /** What is shown: a simulation of `scenario`, or a decoded capture. */
  readonly source: 'simulation' | 'capture';
  readonly scenario: Scenario | null;
  readonly trace: Trace | null;
  readonly index: FrameIndex | null;
  /** Current virtual time, µs from the trace origin. */
  readonly t: Micros;
  /** The state of the trace at `t`. */
  readonly frame: Frame | null;
  readonly playing: boolean;
  /** Playback rate, 0.1..100 (virtual seconds per wall second). */
  readonly speed: number;
  readonly selection: Selection;
  /** Scenario and capture diagnostics (config errors, decode errors). */
  readonly diagnostics: Diagnostic[];
  /** Visible time window of the timeline (brush zoom), µs. */
  readonly window: { from: Micros; to: Micros };

  seek(t: Micros): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  stepForward(): void;
  stepBack(): void;
  nextFailover(): void;
  select(selection: Selection): void;
  setWindow(from: Micros, to: Micros): void;
  /**
   * Replaces the scenario and re-simulates deterministically (keeps `t` when possible). The run may be
   * off the main thread: the view keeps what it shows until the promise resolves.
   */
  loadScenario(scenario: Scenario): Promise<void>;
  /** The scenario as loaded, before config edits (null for a capture or nothing loaded). */
  readonly original: Scenario | null;
  /** Runs an edited scenario, keeping `original` (the Config panel's Apply). */
  applyEdit(scenario: Scenario): Promise<void>;
  /** Adds a fault or action at the current time and re-simulates from the same seed (a fork). */
  /** Adds the event and re-runs; returns why it was refused, or null. */
  applyAction(event: Omit<ScenarioEvent, 'at'> & { at?: number }): string | null;
  /** Shows a decoded capture. */
  loadTrace(trace: Trace): void;
  reset(): Promise<void>;
}
