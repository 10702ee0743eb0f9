/**
 * What the Capture panel needs besides the panel itself: progress as a fraction, names for the
 * report's addresses, and the recordings bundled from the repo's captures/ folder.
 */
import type { Trace } from '../../lib/trace/types';

/** Progress as a fraction 0..1 (null when the total is unknown). */
export function progressFraction(done: number, total: number): number | null {
  return total > 0 && Number.isFinite(done) ? Math.min(1, Math.max(0, done / total)) : null;
}

/** Address → node name of a trace's nodes (to name the report's source addresses). */
export function addressNames(trace: Trace | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of trace?.nodes ?? []) {
    for (const i of n.interfaces) for (const a of i.addresses) names.set(a.split('/')[0], n.name);
  }
  return names;
}

/**
 * Bundled recordings from the repo's captures/ folder (keepalived) and captures/carp/ (ucarp): name
 * (`carp/` kept for the ucarp ones) → URL loader. New ones appear by themselves.
 */
export const bundledCaptures: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['/captures/*.{pcap,pcapng}', '/captures/carp/*.{pcap,pcapng}'], {
      query: '?url',
      import: 'default',
    }),
  ).map(([path, load]) => [path.replace(/^\/captures\//, ''), load]),
);
