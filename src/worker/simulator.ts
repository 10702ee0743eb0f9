/**
 * The one place the app reaches the simulator (src/lib/sim), and the built-in Panda scenario the app
 * opens on. The UI never imports src/lib/sim itself. Every run the session asks for (a scenario
 * loaded, a config applied, a fault added, a share link opened) goes to the simulation worker
 * (sim.worker.ts) through `SimulationClient`: progress in virtual time, cancel, and a newer run
 * superseding an older one still running. Exercise grading runs there too (lib/exercises `answerRun`,
 * `gradeRun`), so the page itself never loads the simulator.
 */
import { pandaScenario } from '../lib/scenario/panda';
import type { Scenario, SimulateFn } from '../lib/scenario/types';
import type { Result } from '../lib/trace/diagnostic';
import type { Micros } from '../lib/trace/time';
import type { Trace } from '../lib/trace/types';
import type { SimRequest, SimResponse } from './sim-protocol';
import { RequestClient, type PendingRequest, type WorkerPort } from './request-client';
import { TraceAssembler } from './trace-parts';

export { isAbortError } from './request-client';

export type { SimulateFn };

export interface RunOptions {
  untilUs: Micros;
  /** Virtual time simulated so far and the run's length, µs. */
  onProgress?: (doneUs: Micros, totalUs: Micros) => void;
  signal?: AbortSignal;
}

/**
 * How the session runs a scenario: a SimulateFn (a result at once, on the calling thread) fits, and so
 * does the worker's `SimulationClient.run` (a promise, off the main thread).
 */
export type SimulationRunner = (
  scenario: Scenario,
  options: RunOptions,
) => Result<Trace> | Promise<Result<Trace>>;

/** The part of `Worker` the client needs (a fake one in tests). */
export type SimWorkerLike = WorkerPort<SimRequest, SimResponse>;

interface Pending extends PendingRequest<Result<Trace>> {
  onProgress?: RunOptions['onProgress'];
  trace?: TraceAssembler;
}

export class SimulationClient extends RequestClient<SimRequest, SimResponse, Result<Trace>, Pending> {
  constructor(createWorker: () => SimWorkerLike = defaultWorker) {
    super(createWorker, 'Simulation');
  }

  /** Runs `scenario` in the worker. Rejects with an AbortError when cancelled or superseded. */
  run(scenario: Scenario, opts: RunOptions): Promise<Result<Trace>> {
    return this.request(
      (id) => ({ id, type: 'simulate', payload: { scenario, untilUs: opts.untilUs } }),
      (p) => ({ ...p, onProgress: opts.onProgress }),
      opts.signal,
    );
  }

  protected receive(msg: SimResponse, p: Pending): void {
    switch (msg.type) {
      case 'progress':
        p.onProgress?.(msg.payload.doneUs, msg.payload.totalUs);
        break;
      case 'result':
        p.trace = new TraceAssembler(msg.payload.trace, msg.payload.packets, msg.payload.events);
        break;
      case 'trace-part':
        p.trace?.add(msg.payload);
        break;
      case 'done': {
        this.settle(msg.id);
        if (!p.trace) {
          p.reject(new Error('The simulation worker finished without a result'));
          break;
        }
        const trace = p.trace.finish();
        p.resolve({ value: trace, diagnostics: trace.diagnostics });
        break;
      }
      case 'cancelled':
        this.cancelledByWorker(msg.id, p);
        break;
      case 'error':
        this.failed(msg.id, p, msg.payload.diagnostic);
        break;
    }
  }
}

function defaultWorker(): SimWorkerLike {
  return new Worker(new URL('./sim.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as SimWorkerLike;
}

/** One worker for the page: a run asked for anywhere supersedes the one still running. */
let shared: SimulationClient | null = null;

export function loadSimulator(): {
  /** Runs in the simulation worker (progress, cancel, newer supersedes older). */
  run: (scenario: Scenario, opts: RunOptions) => Promise<Result<Trace>>;
  panda: () => Scenario;
} {
  shared ??= new SimulationClient();
  const client = shared;
  return { run: (scenario, opts) => client.run(scenario, opts), panda: pandaScenario };
}
