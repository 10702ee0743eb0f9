/**
 * Writes a recording's truth file from the lab's work directory (captures/lab.sh):
 * `name`, `description`, `nodes/<node>/{links,keepalived.conf}` and `events.log`, whose lines are
 *   `<epoch> state <node> INSTANCE|GROUP <name> <STATE> <priority>`  (from keepalived's notify FIFO)
 *   `<epoch> fault <node|-> <action> [key=value...]`                  (from the recorder)
 * Times become seconds since the capture's first packet (tshark's frame.time_epoch of frame 1):
 * both sides read CLOCK_REALTIME, so they share one clock.
 *
 * Usage: tsx captures/make-truth.ts WORKDIR CAPTURE OUT.json
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TruthEvent, TruthNode } from './truth-format';

type TruthState = NonNullable<TruthEvent['state']>;
const STATES = new Set<string>(['MASTER', 'BACKUP', 'FAULT', 'STOP', 'DELETED']);
const isState = (s: string): s is TruthState => STATES.has(s);

/** vrrp_instance name → virtual_router_id, read off the config text (a recorder aid, not a parser). */
function vridsOf(config: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /vrrp_instance\s+(\S+)\s*\{([\s\S]*?)virtual_router_id\s+(\d+)/g;
  for (const m of config.matchAll(re)) out.set(m[1], Number(m[3]));
  return out;
}

function readNodes(work: string): TruthNode[] {
  const dir = join(work, 'nodes');
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const interfaces: Record<string, string[]> = {};
      const mac: Record<string, string> = {};
      for (const line of readFileSync(join(dir, name, 'links'), 'utf8').split('\n')) {
        const [ifName, ifMac, , ...addrs] = line.trim().split(/\s+/);
        if (!ifName) continue;
        interfaces[ifName] = addrs.filter((a) => a.length > 0);
        mac[ifName] = ifMac;
      }
      const config = readFileSync(join(dir, name, 'keepalived.conf'), 'utf8');
      return { name, interfaces, mac, config };
    });
}

function firstPacketEpoch(capture: string): string {
  const out = execFileSync('tshark', ['-r', capture, '-c', '1', '-T', 'fields', '-e', 'frame.time_epoch'], {
    encoding: 'utf8',
  }).trim();
  if (!/^\d+\.\d+$/.test(out)) throw new Error(`no first packet in ${capture}: ${out}`);
  return out;
}

/** a − b for two decimal epoch strings, in seconds rounded to µs (exact: done in integer ns). */
function secondsBetween(a: string, b: string): number {
  const ns = (s: string): bigint => {
    const [i, f = ''] = s.split('.');
    return BigInt(i) * 1_000_000_000n + BigInt((f + '000000000').slice(0, 9));
  };
  const d = ns(a) - ns(b);
  return Math.round(Number(d) / 1000) / 1e6;
}

function main(): void {
  const [work, capture, outFile] = process.argv.slice(2);
  if (!work || !capture || !outFile) throw new Error('usage: make-truth WORKDIR CAPTURE OUT.json');
  const nodes = readNodes(work);
  const vrids = new Map(nodes.map((n) => [n.name, vridsOf(n.config)]));
  const t0 = firstPacketEpoch(capture);
  const events: TruthEvent[] = [];
  const log = existsSync(join(work, 'events.log')) ? readFileSync(join(work, 'events.log'), 'utf8') : '';
  for (const line of log.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const t = secondsBetween(f[0], t0);
    if (f[1] === 'state') {
      const [, , node, kind, name, state, prio] = f;
      if (!isState(state)) continue;
      const ev: TruthEvent = { t, kind: 'state', node, state, priority: Number(prio) };
      if (kind === 'GROUP') ev.group = name;
      else {
        ev.instance = name;
        const vrid = vrids.get(node)?.get(name);
        if (vrid !== undefined) ev.vrid = vrid;
      }
      events.push(ev);
    } else if (f[1] === 'fault') {
      const ev: TruthEvent = { t, kind: 'fault', action: f[3] };
      if (f[2] !== '-') ev.node = f[2];
      for (const kv of f.slice(4)) {
        const [k, v] = kv.split('=');
        if (k === 'process') ev.process = v;
        else if (k === 'interface') ev.interface = v;
        else if (k === 'groups') ev.groups = v.split('|').map((g) => g.split(','));
        else if (k === 'from') ev.from = v;
        else if (k === 'to') ev.to = v;
      }
      events.push(ev);
    }
  }
  events.sort((a, b) => a.t - b.t);
  const truth = {
    scenario: readFileSync(join(work, 'name'), 'utf8').trim(),
    description: readFileSync(join(work, 'description'), 'utf8').trim(),
    nodes,
    events,
  };
  writeFileSync(outFile, JSON.stringify(truth, null, 2) + '\n');
}

main();
