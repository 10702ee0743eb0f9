/**
 * The runs behind the failover histograms of the Explain panel: the session's scenario under N seeds
 * (its own seed first, so the run on screen is one of them), on demand, in one Web Worker per core
 * (worker/runs-client.ts), with progress and cancel. One per session, so that switching tabs neither
 * loses a finished report nor orphans running workers; a report belongs to the trace it was run for
 * and is dropped when the session shows another one (a fault added, a config applied).
 */
import type { RunsReport } from '../../lib/runs';
import type { Scenario } from '../../lib/scenario/types';
import type { Micros, Trace } from '../../lib/trace/types';
import { simulateRuns } from '../../worker/runs-client';

export type SeedRunsStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** Where the runs come from: the session's scenario and trace (its length is the runs' length). */
export interface SeedRunsSource {
  readonly scenario: Scenario | null;
  readonly trace: Trace | null;
}

export class SeedRuns {
  status = $state<SeedRunsStatus>('idle');
  done = $state(0);
  total = $state(0);
  report = $state.raw<RunsReport | null>(null);
  error = $state<string | null>(null);
  #trace = $state.raw<Trace | null>(null);
  #controller: AbortController | null = null;

  /** The report when it was run for `trace`; null while running, before any run, or for another trace. */
  reportFor(trace: Trace | null): RunsReport | null {
    return trace !== null && trace === this.#trace ? this.report : null;
  }

  /** The status for `trace`: idle when the runs were for another trace. */
  statusFor(trace: Trace | null): SeedRunsStatus {
    return trace !== null && trace === this.#trace ? this.status : 'idle';
  }

  /** Runs `source.scenario` under `runs` seeds for as long as its trace; a run in progress is cancelled first. */
  async start(source: SeedRunsSource, runs: number): Promise<void> {
    const { scenario, trace } = source;
    if (!scenario || !trace) return;
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.#trace = trace;
    this.report = null;
    this.error = null;
    this.done = 0;
    this.total = runs;
    this.status = 'running';
    const untilUs: Micros = trace.endUs;
    try {
      const report = await simulateRuns(scenario, {
        untilUs,
        runs,
        signal: controller.signal,
        onProgress: (done) => {
          if (this.#controller === controller) this.done = done;
        },
      });
      if (this.#controller !== controller) return;
      this.report = report;
      this.status = 'done';
    } catch (e) {
      if (this.#controller !== controller) return;
      const aborted = e instanceof Error && e.name === 'AbortError';
      this.status = aborted ? 'cancelled' : 'failed';
      this.error = aborted ? null : e instanceof Error ? e.message : String(e);
    } finally {
      if (this.#controller === controller) this.#controller = null;
    }
  }

  /** Stops the runs in progress (the workers stop between runs); the status says cancelled. */
  cancel(): void {
    const c = this.#controller;
    if (!c) return;
    c.abort();
  }
}

const perSession = new WeakMap<object, SeedRuns>();

/** The runs of one session (created on first use). */
export function seedRunsOf(session: object): SeedRuns {
  let r = perSession.get(session);
  if (!r) perSession.set(session, (r = new SeedRuns()));
  return r;
}
