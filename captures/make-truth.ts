/**
 * Writes a recording's truth file from the lab's work directory (captures/lab.sh):
 * `name`, `description`, `nodes/<node>/{links,keepalived.conf}` and `events.log`, whose lines are
 *   `<epoch> state <node> INSTANCE|GROUP <name> <STATE> <priority>`  (from keepalived's notify FIFO)
 *   `<epoch> fault <node|-> <action> [key=value...]`                  (from the recorder)
 * and, for ucarp nodes, `nodes/<node>/{ucarp.args,ucarp.log}`: its command line and its own log, whose
 * lines ucarp stamps itself (`2026-12-06T21:09:23.261435: [WARNING] Switching to state: MASTER`, UTC).
 * Times become seconds since the capture's first packet (tshark's frame.time_epoch of frame 1):
 * both sides read CLOCK_REALTIME, so they share one clock.
 *
 * Usage: tsx captures/make-truth.ts WORKDIR CAPTURE OUT.json
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TruthEvent, TruthNode } from '../src/lib/scenario/truth';

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
      const conf = join(dir, name, 'keepalived.conf');
      const config = existsSync(conf) ? readFileSync(conf, 'utf8') : '';
      const args = join(dir, name, 'ucarp.args');
      if (!existsSync(args)) return { name, interfaces, mac, config };
      const command = [
        'ucarp',
        ...readFileSync(args, 'utf8')
          .split('\n')
          .filter((a) => a.length > 0),
      ];
      return { name, interfaces, mac, config, implementation: 'ucarp' as const, command };
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

/** A ucarp log stamp (UTC, µs) as a decimal epoch string like $EPOCHREALTIME's. */
function ucarpEpoch(stamp: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{6})$/.exec(stamp);
  if (!m) throw new Error(`not a ucarp log stamp: ${stamp}`);
  return `${Date.parse(m[1] + 'Z') / 1000}.${m[2]}`;
}

/** ucarp's own log lines of one node: its state changes, and its other lines except script spawns. */
function ucarpEvents(node: TruthNode, logFile: string, t0: string): TruthEvent[] {
  if (!existsSync(logFile)) return [];
  const vhid = Number(node.command?.find((a) => a.startsWith('--vhid='))?.slice('--vhid='.length));
  const out: TruthEvent[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const m = /^(\S+): (\[[A-Z]+\] .*)$/.exec(line.trim());
    if (!m || m[2].includes('Spawning [')) continue;
    const t = secondsBetween(ucarpEpoch(m[1]), t0);
    const state = /Switching to state: (\w+)/.exec(m[2])?.[1];
    if (state !== undefined && isState(state)) {
      out.push({ t, kind: 'state', node: node.name, vrid: vhid, state, log: m[2] });
    } else out.push({ t, kind: 'log', node: node.name, vrid: vhid, log: m[2] });
  }
  return out;
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
  for (const node of nodes) {
    if (node.implementation === 'ucarp')
      events.push(...ucarpEvents(node, join(work, 'nodes', node.name, 'ucarp.log'), t0));
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
