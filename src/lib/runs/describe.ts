/**
 * The one sentence for a failover's distribution, shared by the CLI and the app:
 * "in 200 runs prod-haproxy-001 took over 4.62–4.81 s after haproxy killed on prod-haproxy-000 (p50 4.71)".
 */
import { secondsLabel } from '../trace/time';
import type { Distribution } from './distribution';
import type { FailoverDistribution } from './summary';

/** `4.62–4.81 s (p50 4.71)`, ms precision; one value when min = max. */
export function rangeText(d: Distribution): string {
  const ms = (us: number) => (us / 1e6).toFixed(3);
  if (d.min === d.max) return secondsLabel(d.min);
  return `${ms(d.min)}–${ms(d.max)} s (p50 ${ms(d.p50)})`;
}

/** The takeover sentence, from the fault when there is one, else from the old master's last advert. */
export function describeTakeover(f: FailoverDistribution, runs: number): string {
  const of = f.runs === runs ? `in ${runs} runs` : `in ${f.runs} of ${runs} runs`;
  if (f.sinceFault && f.fault) return `${of} ${f.to} took over ${rangeText(f.sinceFault)} after ${f.fault}`;
  if (f.sinceLastAdvert)
    return `${of} ${f.to} took over ${rangeText(f.sinceLastAdvert)} after ${f.from}'s last advert`;
  return `${of} ${f.to} took over`;
}
