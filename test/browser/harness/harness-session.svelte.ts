/**
 * A SessionApi for testing the side panels on their own: it replays a given Trace through the real
 * FrameIndex and records the scenarios the panels apply (the shell's session runs the simulator instead).
 */
import { FrameIndex } from '../../../src/lib/trace/frame';
import type { Micros, Trace } from '../../../src/lib/trace/types';
import type { Scenario, ScenarioEvent } from '../../../src/lib/scenario/types';
import type { Diagnostic } from '../../../src/lib/trace/diagnostic';
import type { Selection, SessionApi } from '../../../src/ui/state/contract';

export class HarnessSession implements SessionApi {
  source = $state<'simulation' | 'capture'>('simulation');
  scenario = $state.raw<Scenario | null>(null);
  trace = $state.raw<Trace | null>(null);
  index = $state.raw<FrameIndex | null>(null);
  t = $state<Micros>(0);
  playing = $state(false);
  speed = $state(1);
  selection = $state<Selection>({});
  diagnostics = $state.raw<Diagnostic[]>([]);
  window = $state({ from: 0, to: 0 });
  /** What the panels asked for, for the tests to read. */
  applied = $state.raw<Scenario[]>([]);
  actions = $state.raw<unknown[]>([]);
  readonly frame = $derived(this.index ? this.index.frameAt(this.t) : null);

  constructor(trace: Trace | null, scenario: Scenario | null) {
    this.scenario = scenario;
    if (trace) this.#show(trace);
  }

  #show(trace: Trace) {
    this.trace = trace;
    this.index = new FrameIndex(trace);
    this.window = { from: 0, to: trace.endUs };
    this.diagnostics = trace.diagnostics;
  }

  seek(t: Micros) {
    this.t = Math.max(0, Math.round(t));
  }
  play() {
    this.playing = true;
  }
  pause() {
    this.playing = false;
  }
  setSpeed(speed: number) {
    this.speed = speed;
  }
  stepForward() {}
  stepBack() {}
  nextFailover() {}
  select(selection: Selection) {
    this.selection = selection;
  }
  setWindow(from: Micros, to: Micros) {
    this.window = { from, to };
  }
  loadScenario(scenario: Scenario) {
    this.scenario = scenario;
    this.applied = [...this.applied, scenario];
  }
  applyAction(event: Omit<ScenarioEvent, 'at'> & { at?: number }) {
    this.actions = [...this.actions, event];
  }
  loadTrace(trace: Trace) {
    this.source = 'capture';
    this.scenario = null;
    this.#show(trace);
  }
  reset() {
    this.t = 0;
  }
}
