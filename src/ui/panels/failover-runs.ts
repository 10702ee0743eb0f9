/**
 * What the Explain panel says about one failover over many seeds (lib/runs): the four measures of
 * issue 10 §2 as rows of min, p50, p95 and max, and the histogram's text equivalent for screen readers.
 * Wording only: the numbers are the lib/runs report's, the formatting trace/time.ts's.
 */
import type { Distribution, FailoverDistribution, HistogramBin } from '../../lib/runs';
import { secondsExact } from '../../lib/trace/time';

export interface MeasureRow {
  label: string;
  d: Distribution | null;
}

/** The measures in the order an engineer reads them: the takeover first, then what it costs. */
export function measureRows(f: FailoverDistribution, fromName: string): MeasureRow[] {
  return [
    { label: f.fault ? `Takeover after ${f.fault}` : 'Takeover after the fault', d: f.sinceFault },
    { label: `Takeover after ${fromName}'s last advert`, d: f.sinceLastAdvert },
    { label: 'Both MASTER (dual master)', d: f.dualMaster },
    { label: "Until every client's ARP cache follows", d: f.arpConverged },
  ];
}

/** The measure the histogram draws: the takeover after the fault, else after the last advert. */
export function histogramRow(rows: readonly MeasureRow[]): MeasureRow | null {
  return rows.slice(0, 2).find((r) => r.d !== null) ?? null;
}

const runsWord = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/** One bar: "4.924292–4.924372 s: 2 runs". */
export function binText(b: HistogramBin): string {
  const range =
    b.fromUs === b.toUs ? secondsExact(b.fromUs) : `${secondsExact(b.fromUs)}–${secondsExact(b.toUs)}`;
  return `${range} s: ${runsWord(b.count)}`;
}

/** "Histogram, Takeover after …, 200 runs: 4.924292–4.924372 s: 2 runs; …", what the bars show. */
export function histogramText(row: MeasureRow): string {
  const d = row.d;
  if (!d) return `${row.label}: no run had it`;
  const bins = d.histogram.map(binText).join('; ');
  return `Histogram, ${row.label}, ${runsWord(d.n)}: ${bins}`;
}
