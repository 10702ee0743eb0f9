/**
 * Exercise checks: predicates on a run's Trace and the student's answer (types.ts `Check`). Each
 * result says what was expected and what the run shows, with times in seconds (time.ts).
 */
import { secondsLabel, US_PER_S, type Micros } from '../trace/time';
import { dualMasters, failoversOf } from '../trace/masters';
import type { Trace, TraceEvent, TracePacket } from '../trace/types';
import type { ScenarioEvent } from '../scenario/types';
import type { Answer, Check, EvidenceKind } from './types';

export interface CheckResult {
  check: Check;
  passed: boolean;
  /** What the run shows, in one sentence. */
  message: string;
}

type FailoverEvent = Extract<TraceEvent, { kind: 'failover' }>;

const us = (s: number): Micros => Math.round(s * US_PER_S);

/** The virtual router (routerKey) that carries this address, or null. */
export function routerOf(trace: Trace, address: string): string | null {
  return trace.routers.find((r) => r.vips.includes(address))?.key ?? null;
}

/** The nodes that hold the address at t (after every event at t). */
export function holdersAt(trace: Trace, address: string, t: Micros): string[] {
  const on = new Set<string>();
  for (const e of trace.events) {
    if (e.t > t) break;
    if (e.kind === 'vip' && e.address === address) {
      if (e.op === 'add') on.add(e.node);
      else on.delete(e.node);
    }
  }
  return [...on].sort();
}

/** The failovers of the address's virtual router from `from` (inclusive), in time order. */
export function failoversOfAddress(trace: Trace, address: string, from: Micros = 0): FailoverEvent[] {
  const router = routerOf(trace, address);
  return failoversOf(trace).filter((e) => e.router === router && e.t >= from);
}

/** The first dual-master period (trace/masters.ts) still open after `after`, with when it is seen. */
export function firstDualMaster(
  trace: Trace,
  after: Micros,
): { t: Micros; router: string; nodes: string[] } | null {
  const p = dualMasters(trace).find((d) => d.toUs === null || d.toUs > after);
  return p ? { t: Math.max(p.fromUs, after), router: p.router, nodes: [...p.nodes].sort() } : null;
}

/** The packet a find-evidence check wants, or null when the run has none. */
export function evidencePacket(
  trace: Trace,
  address: string,
  kind: EvidenceKind,
  after: Micros,
): TracePacket | null {
  const router = routerOf(trace, address);
  const vrid = trace.routers.find((r) => r.key === router)?.vrid;
  const fo = failoversOfAddress(trace, address, after)[0];
  const packets = trace.packets;
  switch (kind) {
    case 'priority-zero-advert':
      return packets.find((p) => p.t >= after && p.vrrp?.vrid === vrid && p.vrrp?.priority === 0) ?? null;
    case 'first-garp-of-new-master':
      return fo
        ? (packets.find((p) => p.t >= fo.t && p.node === fo.to && p.announce?.address === address) ?? null)
        : null;
    case 'first-advert-of-new-master':
      return fo
        ? (packets.find((p) => p.t >= fo.t && p.node === fo.to && p.vrrp?.vrid === vrid) ?? null)
        : null;
  }
}

const list = (nodes: string[]) => (nodes.length ? nodes.join(' and ') : 'no node');

/** Evaluates one check. */
export function evaluateCheck(
  trace: Trace,
  check: Check,
  answer: Answer,
  scenarioEvents: readonly ScenarioEvent[] = [],
): CheckResult {
  const result = (passed: boolean, message: string): CheckResult => ({ check, passed, message });
  switch (check.check) {
    case 'served-by': {
      const on = holdersAt(trace, check.address, us(check.at));
      const passed = on.length === 1 && on[0] === check.node;
      return result(passed, `at ${secondsLabel(us(check.at))} ${check.address} is on ${list(on)}`);
    }
    case 'no-dual-master': {
      const dual = firstDualMaster(trace, us(check.after));
      return dual
        ? result(false, `${list(dual.nodes)} are both MASTER of ${dual.router} at ${secondsLabel(dual.t)}`)
        : result(true, `never two masters after ${secondsLabel(us(check.after))}`);
    }
    case 'takeover-within': {
      const event = scenarioEvents[check.event];
      if (!event) return result(false, `the scenario has no event ${check.event}`);
      const from = us(event.at);
      const what = `the ${event.action} at ${secondsLabel(from)}`;
      const fo = failoversOfAddress(trace, check.address, from)[0];
      if (!fo) return result(false, `${check.address} never moves after ${what}`);
      const took = fo.t - from;
      return result(
        took <= us(check.within),
        `${fo.to} takes ${check.address} ${secondsLabel(took)} after ${what} (limit ${secondsLabel(us(check.within))})`,
      );
    }
    case 'no-failover': {
      const fo = failoversOfAddress(trace, check.address, us(check.from)).filter((f) => f.t <= us(check.to));
      return fo.length
        ? result(
            false,
            `${check.address} moves from ${fo[0].from ?? 'nobody'} to ${fo[0].to} at ${secondsLabel(fo[0].t)}`,
          )
        : result(
            true,
            `${check.address} stays put from ${secondsLabel(us(check.from))} to ${secondsLabel(us(check.to))}`,
          );
    }
    case 'predicted-master': {
      const on = holdersAt(trace, check.address, us(check.at));
      if (answer.master === undefined) return result(false, 'no node was predicted');
      return result(
        on.length === 1 && on[0] === answer.master,
        `you predicted ${answer.master}; at ${secondsLabel(us(check.at))} ${check.address} is on ${list(on)}`,
      );
    }
    case 'predicted-time': {
      const fo = failoversOfAddress(trace, check.address, us(check.after))[0];
      if (answer.time === undefined) return result(false, 'no time was predicted');
      if (!fo) return result(false, `${check.address} never moves after ${secondsLabel(us(check.after))}`);
      const off = Math.abs(us(answer.time) - fo.t);
      return result(
        off <= us(check.tolerance),
        `you predicted ${secondsLabel(us(answer.time))}; ${fo.to} takes over at ${secondsLabel(fo.t)} (±${secondsLabel(us(check.tolerance))})`,
      );
    }
    case 'picked-packet': {
      const want = evidencePacket(trace, check.address, check.packet, us(check.after));
      if (!want) return result(false, 'the run has no such packet');
      if (answer.packet === undefined) return result(false, 'no packet was picked');
      return result(
        answer.packet === want.index,
        `you picked packet ${answer.packet + 1}; the ${check.packet.replace(/-/g, ' ')} is packet ${want.index + 1} at ${secondsLabel(want.t)}`,
      );
    }
    case 'chosen':
      return answer.choice === undefined
        ? result(false, 'no answer was chosen')
        : result(answer.choice === check.choice, `you chose "${answer.choice}"`);
  }
}
