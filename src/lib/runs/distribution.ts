/**
 * A distribution of durations over many runs: min, p50, p95, max and a histogram. Pure arithmetic
 * on integer µs (trace/time.ts), for `simulate --runs` and the app's failover histograms.
 */
import type { Micros } from '../trace/time';

export interface HistogramBin {
  /** The bin holds values in [fromUs, toUs); the last bin also holds toUs. */
  fromUs: Micros;
  toUs: Micros;
  count: number;
}

export interface Distribution {
  n: number;
  min: Micros;
  p50: Micros;
  p95: Micros;
  max: Micros;
  histogram: HistogramBin[];
}

/** The value at quantile q (0..1) of sorted values, by the nearest-rank rule (always a value seen). */
export function quantile(sorted: readonly Micros[], q: number): Micros {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/**
 * The distribution of `values` (µs), with `bins` equal-width histogram bins between min and max; null
 * for no values. Bin edges are whole µs; a single distinct value gives one bin.
 */
export function distribution(values: readonly Micros[], bins = 12): Distribution | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const count = max === min ? 1 : Math.max(1, Math.min(bins, sorted.length));
  const width = Math.max(1, Math.ceil((max - min + 1) / count));
  const histogram: HistogramBin[] = Array.from({ length: count }, (_, i) => ({
    fromUs: min + i * width,
    toUs: Math.min(max, min + (i + 1) * width),
    count: 0,
  }));
  for (const v of sorted) histogram[Math.min(count - 1, Math.floor((v - min) / width))].count++;
  return { n: sorted.length, min, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max, histogram };
}
