/**
 * Names for the routers seen in a capture: from a hosts file (`address name…`), or from
 * keepalived.conf files — by `unicast_src_ip`/`mcast_src_ip`, else by a unique (VRID, priority)
 * pair of a `vrrp_instance`. A light scan of the text; the full parser lives in src/lib/config.
 */
import { canonicalIP } from '../net/address';

export interface ConfigFile {
  file: string;
  text: string;
}

export interface ConfigInstance {
  node: string;
  name: string;
  vrid: number;
  priority: number;
  sources: string[];
}

/** `address → first name` of a hosts file; comments and malformed lines are skipped. */
export function parseHosts(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    const ip = words.length >= 2 ? canonicalIP(words[0]) : null;
    if (ip && !out.has(ip)) out.set(ip, words[1]);
  }
  return out;
}

/** The `vrrp_instance` blocks of keepalived.conf files, each with the node it belongs to. */
export function scanConfigs(files: readonly ConfigFile[]): ConfigInstance[] {
  const out: ConfigInstance[] = [];
  for (const f of files) {
    const text = f.text.replace(/[#!].*$/gm, '');
    const node =
      /\brouter_id\s+(\S+)/.exec(text)?.[1] ?? f.file.replace(/^.*[/\\]/, '').replace(/\.conf$/, '');
    const re = /\bvrrp_instance\s+(\S+)\s*\{/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const body = blockBody(text, re.lastIndex);
      const vrid = Number(/\bvirtual_router_id\s+(\d+)/.exec(body)?.[1] ?? NaN);
      if (!Number.isInteger(vrid)) continue;
      const prioText = /\bpriority\s+(\d+)/.exec(body)?.[1];
      const master = /\bstate\s+MASTER\b/.test(body);
      // keepalived: `state MASTER` without a priority line means 255, otherwise 100 (§2.3).
      const priority = prioText ? Number(prioText) : master ? 255 : 100;
      const sources = [...body.matchAll(/\b(?:unicast_src_ip|mcast_src_ip)\s+(\S+)/g)].map(
        (s) => canonicalIP(s[1]) ?? s[1],
      );
      out.push({ node, name: m[1], vrid, priority, sources });
    }
  }
  return out;
}

function blockBody(text: string, from: number): string {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}

/** The config instance a capture source most likely is. */
export function matchInstance(
  instances: readonly ConfigInstance[],
  address: string,
  vrid: number,
  priority: number,
): ConfigInstance | undefined {
  const bySource = instances.find((c) => c.vrid === vrid && c.sources.includes(address));
  if (bySource) return bySource;
  const byPrio = instances.filter((c) => c.vrid === vrid && c.priority === priority);
  return byPrio.length === 1 ? byPrio[0] : undefined;
}
