/**
 * A simulation worker: runs a scenario under each seed of a request, off the main thread, posting
 * each run's failover times (lib/runs) as it finishes. Between runs it yields to its event loop so
 * that a `cancel` arriving meanwhile stops the request.
 */
import { failoverTimes } from '../lib/runs';
import { simulate } from '../lib/sim/run';
import type { RunsRequest, RunsResponse } from './runs-protocol';

const cancelled = new Set<number>();
const post = (m: RunsResponse) => (self as unknown as Worker).postMessage(m);
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function runAll(req: Extract<RunsRequest, { type: 'runs' }>): Promise<void> {
  const { scenario, untilUs, seeds } = req.payload;
  for (let index = 0; index < seeds.length; index++) {
    await nextTurn();
    if (cancelled.delete(req.id)) return post({ id: req.id, type: 'cancelled', payload: {} });
    const trace = simulate(
      { ...scenario, seed: seeds[index] },
      { untilUs, recordDeliveries: 'changes' },
    ).value;
    post({ id: req.id, type: 'run', payload: { index, times: failoverTimes(trace) } });
  }
  post({ id: req.id, type: 'done', payload: {} });
}

self.onmessage = (e: MessageEvent<RunsRequest>) => {
  const req = e.data;
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    return;
  }
  runAll(req).catch((err: unknown) =>
    post({
      id: req.id,
      type: 'error',
      payload: { diagnostic: { code: 'internal.simulator', severity: 'error', message: String(err) } },
    }),
  );
};
