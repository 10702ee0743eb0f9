/**
 * The oracle test, text (issue 15): for every library scenario and random fault schedules, every
 * narration line of a state change or failover, every failover label (the timeline's tooltip) and
 * every Explain headline at the changes of master is checked against the trace at that time:
 *
 * - the state it names is the instance's state in the frame there;
 * - the timer it says ran (master-down, with its length) is the timer the frame had running, set
 *   when the last accepted advert arrived and due when the state changed;
 * - the priorities it quotes are the effective priority in the frame and the priority the quoted
 *   advert carried on the wire;
 * - the cause it gives is the one the simulator recorded for the new master's entry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/lib/sim/index';
import { SCENARIO_LIBRARY } from '../../src/lib/scenarios/index';
import { FrameIndex } from '../../src/lib/trace/frame';
import { describeCause, describeOne, namerOf, type Cause } from '../../src/lib/trace/cause';
import type { Micros, Trace, TraceEvent } from '../../src/lib/trace/types';
import { narrate } from '../../src/ui/teach/narration';
import { failoverLabel } from '../../src/ui/app/failover-label';
import { explainInstance } from '../../src/ui/panels/explain';
import { runSchedule, scheduleArb } from '../unit/sim/random-faults';

type StateEvent = Extract<TraceEvent, { kind: 'state' }>;

/**
 * Delivery latency, processing jitter and timer lateness of the library's timing: a timer runs from
 * the advert's arrival, not its sending, and fires a little after its deadline.
 */
const SLACK_US = 5_000;
type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;

/** The priority the last advert of `node` for `vrid` at or before `t` carried on the wire. */
function wirePriority(trace: Trace, node: string, vrid: number, t: Micros): number | null {
  let p: number | null = null;
  for (const x of trace.packets) {
    if (x.t > t) break;
    if (x.node === node && x.vrrp?.vrid === vrid) p = x.vrrp.priority;
  }
  return p;
}

/** What a cause claims about the trace, checked; `before` is the frame just before the change. */
function causeMismatches(trace: Trace, index: FrameIndex, e: StateEvent, c: Cause, vrid: number): string[] {
  const out: string[] = [];
  const at = `${e.t} ${e.instance} ${c.code}`;
  const before = index.frameAt(e.t - 1).instances[e.instance];
  const carp = trace.instances.find((i) => i.id === e.instance)?.carp !== undefined;
  if (c.code === 'master-down-timer' && e.to === 'MASTER' && !carp) {
    const last = c.lastAdvert;
    if (last?.packet !== undefined) {
      const p = trace.packets[last.packet];
      if (!p || p.t !== last.t) out.push(`${at}: quoted advert at ${last.t} is not packet ${last.packet}`);
      else if (p.vrrp?.priority !== last.priority)
        out.push(`${at}: quotes priority ${last.priority}, the advert carried ${p.vrrp?.priority}`);
    }
    // The timer it says ran: the master-down timer of the instance it names (a sync group's member
    // follows the one whose timer fired), running from the quoted advert's arrival, due now.
    const owner = c.instance ?? e.instance;
    const timer = index.frameAt(e.t - 1).instances[owner]?.timers['master-down'];
    if (!timer) out.push(`${at}: no master-down timer was running on ${owner}`);
    else {
      const late = e.t - timer.deadline;
      // A paused daemon reads its overdue timer when it resumes.
      const paused = index.frameAt(timer.deadline).nodes[e.node]?.daemon === 'paused';
      if (late < 0 || (late > SLACK_US && !paused))
        out.push(`${at}: the timer of ${owner} was due at ${timer.deadline}`);
      const ran = last && c.mdiUs !== undefined ? timer.deadline - (last.t + c.mdiUs) : 0;
      if (ran < 0 || ran > SLACK_US)
        out.push(`${at}: quotes ${c.mdiUs} µs from ${last?.t}, the timer was due at ${timer.deadline}`);
    }
    if (c.silence === 'lower-priority' && c.priority) {
      if (c.priority.own !== before?.priority)
        out.push(`${at}: quotes its own priority ${c.priority.own}, the frame has ${before?.priority}`);
      const heard = wirePriority(trace, last?.from ?? '', vrid, e.t);
      if (heard !== null && heard !== c.priority.other)
        out.push(`${at}: quotes the master at ${c.priority.other}, its last advert carried ${heard}`);
    }
  }
  if ((c.code === 'higher-priority' || c.code === 'tie-break-address') && c.priority && c.node === e.node) {
    if (c.priority.own !== before?.priority)
      out.push(`${at}: quotes its own priority ${c.priority.own}, the frame has ${before?.priority}`);
    const other = c.priority.otherNode;
    const heard = other ? wirePriority(trace, other, vrid, e.t) : null;
    if (heard !== null && heard !== c.priority.other)
      out.push(`${at}: quotes ${other} at ${c.priority.other}, its last advert carried ${heard}`);
    if (c.code === 'tie-break-address' && c.priority.own !== c.priority.other)
      out.push(`${at}: a tie between ${c.priority.own} and ${c.priority.other}`);
  }
  return out;
}

function textMismatches(trace: Trace): string[] {
  const index = new FrameIndex(trace);
  const name = namerOf(trace.nodes);
  const vridOf = new Map(trace.instances.map((i) => [i.id, i.vrid]));
  const out: string[] = [];
  const entries = new Map<string, StateEvent>();
  for (const e of trace.events) {
    if (e.kind === 'state') {
      const vrid = vridOf.get(e.instance)!;
      const line = narrate(e, trace, index) ?? '';
      const frame = index.frameAt(e.t);
      // The state it names is the frame's (a later event at the same µs may move it again).
      const later = trace.events.some(
        (x) => x.kind === 'state' && x.instance === e.instance && x.t === e.t && x !== e,
      );
      if (!later && frame.instances[e.instance]?.state !== e.to)
        out.push(
          `${e.t} ${e.instance}: narrated ${e.to}, the frame has ${frame.instances[e.instance]?.state}`,
        );
      if (!line.includes(`${name(e.node)} became ${e.to} of VRID ${vrid}: ${describeOne(e.cause, name)}`))
        out.push(`${e.t} ${e.instance}: the line does not give the recorded cause: ${line}`);
      for (const c of [...e.chain, e.cause]) out.push(...causeMismatches(trace, index, e, c, vrid));
      if (e.to === 'MASTER') entries.set(`${e.node} ${vrid}`, e);
    }
    if (e.kind === 'failover') out.push(...failoverMismatches(trace, index, e, entries));
  }
  return out;
}

function failoverMismatches(
  trace: Trace,
  index: FrameIndex,
  f: FailoverEvent,
  entries: Map<string, StateEvent>,
): string[] {
  const name = namerOf(trace.nodes);
  const out: string[] = [];
  const at = `failover ${f.t} VRID ${f.vrid}`;
  const entry = entries.get(`${f.to} ${f.vrid}`);
  // The cause is the one the simulator recorded for the new master's entry into MASTER.
  if (!entry || entry.t !== f.t) out.push(`${at}: ${f.to} did not enter MASTER then`);
  else if (entry.cause.code !== f.cause.code || entry.cause.t !== f.cause.t)
    out.push(`${at}: gives ${f.cause.code}, the entry was ${entry.cause.code}`);
  const line = narrate(f, trace, index) ?? '';
  const title = failoverLabel(f, trace).title;
  const why = describeCause(f, name);
  const who = `${f.from === null ? 'no known master' : name(f.from)} → ${name(f.to)}`;
  for (const [what, text] of [
    ['narration', line],
    ['tooltip', title],
  ])
    if (!text.includes(who) || !text.includes(why))
      out.push(`${at}: the ${what} lacks "${who}" or the cause: ${text}`);
  // The gap's advert: the old master's, at the priority quoted.
  if (f.lastAdvertPacket !== undefined && f.gapUs !== null) {
    const p = trace.packets[f.lastAdvertPacket];
    if (p.node !== f.from || f.t - p.t !== f.gapUs) out.push(`${at}: the gap's advert is not ${f.from}'s`);
    else if (p.vrrp && !line.includes(`at priority ${p.vrrp.priority}: `))
      out.push(`${at}: the gap quotes another priority than ${p.vrrp?.priority}: ${line}`);
  }
  // Explain at the change and a second later: the state, the priorities and the timer it quotes.
  for (const t of [f.t, f.t + 1_000_000]) {
    if (t > trace.endUs) continue;
    const frame = index.frameAt(t);
    for (const inst of trace.instances.filter((i) => i.router === f.router)) {
      const fr = frame.instances[inst.id];
      const ex = explainInstance(trace, frame, inst.id);
      if (!fr || !ex) continue;
      const where = `Explain ${inst.id} at ${t}`;
      if (!ex.headline.startsWith(fr.state)) out.push(`${where}: "${ex.headline}" in ${fr.state}`);
      const peerPrio = (node: string) =>
        trace.instances
          .filter((i) => i.router === f.router && name(i.node) === node)
          .map((i) => frame.instances[i.id]?.priority)[0];
      const above = /Its priority (\d+) is above (.+?)'s (\d+)/.exec(ex.headline);
      if (above && (+above[1] !== fr.priority || +above[3] !== peerPrio(above[2]) || +above[1] <= +above[3]))
        out.push(`${where}: "${above[0]}" against ${fr.priority} and ${peerPrio(above[2])}`);
      const tie = /A tie: its priority (\d+) equals (.+?)'s/.exec(ex.headline);
      if (tie && (+tie[1] !== fr.priority || peerPrio(tie[2]) !== fr.priority))
        out.push(`${where}: "${tie[0]}" against ${fr.priority} and ${peerPrio(tie[2])}`);
      for (const n of ex.numbers) {
        const timer = /^(\S+) timer (fires in|overdue by)$/.exec(n.label);
        const running = timer ? fr.timers[timer[1] as keyof typeof fr.timers] : undefined;
        const left = running ? (running.deadline - t) * (timer?.[2] === 'fires in' ? 1 : -1) : -1;
        if (timer && (!running || left < 0 || n.value !== `${(left / 1e6).toFixed(6)} s`))
          out.push(`${where}: "${n.label} ${n.value}" against ${running ? running.deadline - t : 'none'}`);
      }
    }
  }
  return out;
}

describe('oracle: what the app says against the trace', () => {
  for (const entry of SCENARIO_LIBRARY)
    it(`library: ${entry.id}`, () => {
      const scenario = entry.build();
      const trace = simulate(scenario, { untilUs: (scenario.duration ?? 60) * 1e6 }).value;
      expect(textMismatches(trace).join('\n')).toBe('');
    });

  it('random fault schedules on three nodes with two VRIDs', () => {
    fc.assert(
      fc.property(scheduleArb, ([nodes, faults, seed]) => {
        expect(textMismatches(runSchedule(nodes, faults, seed)).join('\n')).toBe('');
      }),
      { numRuns: 25, seed: 20261207 },
    );
  });
});
