/**
 * One cause model (issue 10 §3): for every recording in captures/ with a truth file, the cause the
 * simulator gives each failover of the truth scenario and the cause capture analysis infers from the
 * capture agree. The primary cause's code must be the same (and for `master-down-timer`, why nothing
 * acceptable came: silent, lower-priority or not-heard), or analysis says `unknown-from-capture` where
 * the cause is inside a node and a capture cannot see it (a script, an interface, a signal, a sync
 * group: sync-group.pcap's followers take over within 0.2 ms of the other router's takeover, which a
 * timer of their own would explain as well).
 *
 * Failovers are matched by VRID, old and new master, within 1 s (the simulator's start-up and phases
 * differ from a loaded recording machine's by up to 0.5 s). A failover only the capture shows must be a
 * startup race (§8.8): the daemons' start-up latency decides those, which the truth scenario does not
 * carry; the simulator must show no failover the capture lacks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../src/lib/analysis';
import { truthToScenario } from '../../src/lib/scenario/truth';
import { simulate } from '../../src/lib/sim';
import { INSIDE_A_NODE, type Cause } from '../../src/lib/trace/cause';
import type { Trace, TraceEvent } from '../../src/lib/trace/types';
import { recordings, type Recording } from './truth';

type Failover = Extract<TraceEvent, { kind: 'failover' }>;

/** A startup race ends within the first MDI (≤ 4 s at 1 s intervals) plus start-up after a start. */
const STARTUP_WINDOW_S = 6;
const MATCH_S = 1;

function key(c: Cause): string {
  return c.code === 'master-down-timer' ? `${c.code}/${c.silence ?? '?'}` : c.code;
}

function agree(sim: Cause, cap: Cause): boolean {
  if (key(sim) === key(cap)) return true;
  return cap.code === 'unknown-from-capture' && INSIDE_A_NODE.has(sim.code);
}

interface Row {
  t: number;
  vrid: number;
  from: string;
  to: string;
  sim?: string;
  cap?: string;
  agrees: boolean;
}

async function compare(rec: Recording): Promise<Row[]> {
  const untilS = Math.max(...rec.truth.events.map((e) => e.t)) + 5;
  const sim = simulate(truthToScenario(rec.truth), { untilUs: Math.round(untilS * 1e6) }).value!;
  const { trace } = await analyzeCapture(new Uint8Array(readFileSync(rec.capture)), { name: rec.name });
  // The capture names routers by address: the truth's name for each, by MAC.
  const byMac = new Map<string, string>();
  for (const n of rec.truth.nodes) for (const m of Object.values(n.mac)) byMac.set(m.toLowerCase(), n.name);
  const names = new Map(
    trace.nodes.map((n) => [
      n.id,
      n.interfaces.map((i) => byMac.get(i.mac.toLowerCase())).find((x) => x !== undefined) ?? n.id,
    ]),
  );
  const failovers = (t: Trace, name: (id: string) => string) =>
    t.events
      .filter((e): e is Failover => e.kind === 'failover')
      .map((f) => ({ ...f, from: f.from === null ? '' : name(f.from), to: name(f.to) }));
  const simF = failovers(sim, (id) => id);
  const capF = failovers(trace, (id) => names.get(id) ?? id);
  const rows: Row[] = [];
  const used = new Set<Failover>();
  for (const s of simF) {
    const c = capF.find(
      (f) =>
        !used.has(f) &&
        f.vrid === s.vrid &&
        f.from === s.from &&
        f.to === s.to &&
        Math.abs(f.t - s.t) <= MATCH_S * 1e6,
    );
    if (c) used.add(c);
    rows.push({
      t: s.t / 1e6,
      vrid: s.vrid,
      from: s.from,
      to: s.to,
      sim: key(s.cause),
      cap: c && key(c.cause),
      agrees: !!c && agree(s.cause, c.cause),
    });
  }
  const starts = rec.truth.events.filter((e) => e.action === 'start-keepalived');
  for (const c of capF.filter((f) => !used.has(f))) {
    const t = c.t / 1e6;
    const startupRace = starts.some(
      (e) => (e.node === c.from || e.node === c.to) && t > e.t && t - e.t < STARTUP_WINDOW_S,
    );
    rows.push({ t, vrid: c.vrid, from: c.from, to: c.to, cap: key(c.cause), agrees: startupRace });
  }
  return rows.sort((a, b) => a.t - b.t);
}

const describeRows = (rows: Row[]) =>
  rows
    .filter((r) => !r.agrees)
    .map(
      (r) =>
        `${r.t.toFixed(3)} s VRID ${r.vrid} ${r.from} → ${r.to}: simulator ${r.sim ?? 'no failover'}, capture ${r.cap ?? 'no failover'}`,
    );

describe('one cause model: the simulator and capture analysis agree on every failover of the recordings', () => {
  for (const rec of recordings()) {
    it(rec.name, async () => {
      const rows = await compare(rec);
      expect(describeRows(rows)).toEqual([]);
    });
  }
});
