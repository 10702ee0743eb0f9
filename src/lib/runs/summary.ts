/**
 * Failover times over many runs of one scenario (`simulate --runs`, the app's histograms): the same
 * failover (same key) across runs becomes one distribution per measure.
 */
import { distribution, type Distribution } from './distribution';
import type { FailoverTimes } from './failover-times';

export interface FailoverDistribution {
  key: string;
  vrid: number;
  from: string | null;
  to: string;
  /** The fault most runs attribute it to. */
  fault: string | null;
  /** In how many of the runs this failover happened. */
  runs: number;
  /** From the fault to the takeover. */
  sinceFault: Distribution | null;
  /** From the old master's last advert to the takeover. */
  sinceLastAdvert: Distribution | null;
  /** Two masters at once; every run counts (0 when none). */
  dualMaster: Distribution | null;
  /** Until every client's ARP cache points at the new master; runs where it never did are counted apart (runs without such a client are neither). */
  arpConverged: Distribution | null;
  arpNeverConverged: number;
}

export interface RunsReport {
  runs: number;
  seeds: number[];
  failovers: FailoverDistribution[];
}

/** `n` seeds from `base`: base, base + 1, … (the scenario's own seed first). */
export function seedsFrom(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (base + i) >>> 0);
}

const values = (l: (number | null)[]) => l.filter((v): v is number => v !== null);

/** One distribution per failover key, in order of the failover's first time in the first run that has it. */
export function summarizeRuns(seeds: number[], perRun: readonly FailoverTimes[][]): RunsReport {
  const byKey = new Map<string, FailoverTimes[]>();
  const firstAt = new Map<string, number>();
  for (const run of perRun)
    for (const f of run) {
      byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
      if (!firstAt.has(f.key)) firstAt.set(f.key, f.atUs);
    }
  const failovers = [...byKey.entries()]
    .sort((a, b) => firstAt.get(a[0])! - firstAt.get(b[0])!)
    .map(([key, l]): FailoverDistribution => {
      const faults = new Map<string | null, number>();
      for (const f of l) faults.set(f.fault, (faults.get(f.fault) ?? 0) + 1);
      const fault = [...faults.entries()].sort((a, b) => b[1] - a[1])[0][0];
      return {
        key,
        vrid: l[0].vrid,
        from: l[0].from,
        to: l[0].to,
        fault,
        runs: l.length,
        sinceFault: distribution(values(l.map((f) => f.sinceFaultUs))),
        sinceLastAdvert: distribution(values(l.map((f) => f.sinceLastAdvertUs))),
        dualMaster: distribution(l.map((f) => f.dualMasterUs)),
        arpConverged: distribution(values(l.map((f) => f.arpConvergedUs))),
        arpNeverConverged: l.filter((f) => f.arpClients > 0 && f.arpConvergedUs === null).length,
      };
    });
  return { runs: perRun.length, seeds, failovers };
}
