/**
 * Naming the nodes of a decoded capture: the analysis infers nodes from source IP + MAC; a hosts file
 * (`192.168.3.4 prod-haproxy-000`) gives them their real names. Only `TraceNode.name` changes (ids stay
 * stable, so selections and events still match).
 */
import type { Trace } from '../../lib/trace/types';
import { canonicalIP } from '../../lib/net/address';

/** Address → first name, from /etc/hosts syntax (comments and blank lines ignored). */
export function parseHosts(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [address, name] = line.split(/\s+/);
    const ip = canonicalIP(address ?? '');
    if (ip && name && !names.has(ip)) names.set(ip, name);
  }
  return names;
}

/** The trace with each node named after the first of its addresses found in `names`. */
export function nameNodes(trace: Trace, names: ReadonlyMap<string, string>): Trace {
  const nodes = trace.nodes.map((n) => {
    for (const i of n.interfaces) {
      for (const cidr of i.addresses) {
        const name = names.get(canonicalIP(cidr.split('/')[0]) ?? '');
        if (name) return { ...n, name };
      }
    }
    return n;
  });
  return { ...trace, nodes };
}

/** A progress report as a fraction 0..1, whatever form the decoder reports it in. */
export function progressFraction(p: unknown): number | null {
  if (typeof p === 'number') return p > 1 ? null : Math.max(0, p);
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    if (typeof o.fraction === 'number') return o.fraction;
    const done = o.bytesRead ?? o.bytes ?? o.loaded ?? o.done;
    const total = o.totalBytes ?? o.total ?? o.size;
    if (typeof done === 'number' && typeof total === 'number' && total > 0) return Math.min(1, done / total);
  }
  return null;
}

/** Bundled recordings from the repo's captures/ folder: file name → URL loader (new ones appear by themselves). */
export const bundledCaptures: Record<string, () => Promise<string>> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('/captures/*.{pcap,pcapng}', { query: '?url', import: 'default' }),
  ).map(([path, load]) => [path.split('/').pop() ?? path, load]),
);
