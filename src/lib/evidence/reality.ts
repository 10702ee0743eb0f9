/**
 * Configs against reality (issue 11 §3), second half: the changes of master the evidence recorded
 * against the ones the simulator predicts from the configs and the faults the evidence implies
 * (reality-scenario.ts). Wherever they diverge — another new master, a takeover earlier or later
 * than the configs allow beyond the timing spread, a change the configs cannot explain, or one
 * they predict that did not happen — that is a `configs-predict-otherwise` diagnosis citing the
 * recorded packet or log line, the fault, and the config lines that make the prediction.
 *
 * The spread allowed: one advert interval (the simulated adverts' phase is only as good as the
 * start times the evidence gives), twice the larger of the recorded transition's and the fault's
 * uncertainty (log stamps to the second, clock fits), and 300 ms for load on the recording host.
 */
import { describeEvent } from '../scenario/actions/registry';
import type { Scenario, SimulateFn } from '../scenario/types';
import type { EvidenceRef } from '../trace/cause';
import { MasterTracker } from '../trace/masters';
import { secondsLabel, US_PER_S, type Micros } from '../trace/time';
import type { Trace } from '../trace/types';
import type { VrrpInstance } from '../config/model';
import { masterDownUs } from '../vrrp/timers';
import type { Diagnosis, Investigation } from './investigation';
import { realityPlans, type ImpliedFault, type RealityPlan } from './reality-scenario';

export const REALITY_CODE = 'configs-predict-otherwise';

/** One change of master (from null: a router's first master), on the common clock. */
export interface ChangeOfMaster {
  t: Micros;
  vrid: number;
  from: string | null;
  to: string;
  uncertaintyUs: number;
  evidence: EvidenceRef[];
}

/** How far apart a recorded and a simulated change may be and still be the same change. */
const MATCH_WINDOW_US = 12 * US_PER_S;
const LOAD_MARGIN_US = 300_000;

/** A state change of one node on one VRID: the stream both sides' changes of master are read from. */
export interface Step {
  t: Micros;
  node: string;
  vrid: number;
  to: string;
  uncertaintyUs: number;
  evidence: EvidenceRef[];
}

/**
 * The changes of master of a stream of state changes, by the rule of trace/masters.ts
 * (`MasterTracker`: a change when one node is left as the only master and it is not the last
 * holder; dated at its entry to MASTER), with each router's first master (from null). A killed or
 * frozen (SIGKILL, SIGSTOP) master sends nothing and logs nothing: it is no master from the fault
 * until it resumes, on both sides alike.
 */
export function changesOf(steps: Step[], faults: ImpliedFault[]): ChangeOfMaster[] {
  const silencing = faults.filter((f) =>
    ['kill-keepalived', 'pause-keepalived', 'resume-keepalived'].includes(f.event.action),
  );
  const all: (Step | ImpliedFault)[] = [...steps, ...silencing].sort((x, y) => x.t - y.t);
  const tracker = new MasterTracker();
  const master = new Map<string, Step>();
  const frozen = new Map<string, Step[]>();
  const entered = new Map<string, Step>();
  const firsts = new Set<number>();
  const out: ChangeOfMaster[] = [];
  const record = (step: Step, enter: boolean) => {
    const router = String(step.vrid);
    if (enter) entered.set(`${router} ${step.node}`, step);
    const change = enter
      ? tracker.enter(router, step.node, step.t)
      : tracker.leave(router, step.node, step.t);
    if (enter && !firsts.has(step.vrid)) {
      firsts.add(step.vrid);
      out.push({ ...step, from: null, to: step.node });
    }
    if (!change || change.from === null) return;
    const entry = entered.get(`${router} ${change.to}`) ?? step;
    out.push({ ...entry, from: change.from, to: change.to });
  };
  for (const x of all) {
    if ('event' in x) {
      const node = x.event.node!;
      if (x.event.action === 'resume-keepalived') {
        for (const st of frozen.get(node) ?? [])
          if (master.get(`${node}|${st.vrid}`)) record({ ...st, t: x.t }, true);
        frozen.delete(node);
        continue;
      }
      const held = [...master.values()].filter((st) => st.node === node);
      for (const st of held) record({ ...st, t: x.t }, false);
      if (x.event.action === 'pause-keepalived') frozen.set(node, held);
      else for (const st of held) master.delete(`${node}|${st.vrid}`);
      continue;
    }
    const k = `${x.node}|${x.vrid}`;
    const was = master.has(k);
    const isFrozen = frozen.get(x.node)?.some((st) => st.vrid === x.vrid);
    if (x.to === 'MASTER' && !was) {
      master.set(k, x);
      if (!isFrozen) record(x, true);
    } else if (x.to !== 'MASTER' && was) {
      master.delete(k);
      if (!isFrozen) record(x, false);
    }
  }
  return out.sort((x, y) => x.t - y.t);
}

/** The state changes the evidence recorded, of the plan's nodes. */
function recordedSteps(inv: Investigation, plan: RealityPlan): Step[] {
  return inv.transitions
    .filter((t) => t.vrid !== null && plan.configs.has(t.node))
    .map((t) => ({
      t: t.t,
      node: t.node,
      vrid: t.vrid!,
      to: t.to,
      uncertaintyUs: t.uncertaintyUs,
      evidence: t.evidence,
    }));
}

/** The state changes of a simulated trace, on the common clock. */
function simulatedSteps(trace: Trace, plan: RealityPlan): Step[] {
  const vrid = new Map(trace.instances.map((i) => [i.id, i.vrid]));
  const out: Step[] = [];
  for (const e of trace.events)
    if (e.kind === 'state' && vrid.has(e.instance))
      out.push({
        t: plan.originUs + e.t,
        node: e.node,
        vrid: vrid.get(e.instance)!,
        to: e.to,
        uncertaintyUs: 0,
        evidence: [],
      });
  return out;
}

/** Where a config sets an instance's priority and advert_int (else the instance's own line). */
function configRefs(
  plan: RealityPlan,
  node: string,
  vrid: number,
): { inst: VrrpInstance; refs: EvidenceRef[] } | null {
  const c = plan.configs.get(node);
  const inst = c?.instances.find((i) => i.vrid === vrid);
  if (!c || !inst) return null;
  const at = inst.at && 'line' in inst.at ? inst.at : null;
  const lines = c.source.text.split('\n');
  const refs: EvidenceRef[] = [];
  const sameFile = !at?.file || at.file === c.source.file;
  if (at && sameFile) {
    for (let k = at.line; k < lines.length && !(k > at.line && /^\s*vrrp_instance\b/.test(lines[k])); k++)
      if (/^\s*(priority|advert_int)\b/.test(lines[k]))
        refs.push({ kind: 'log-line', t: 0, source: c.source.index, line: k + 1, text: lines[k].trim() });
    if (refs.length === 0)
      refs.push({
        kind: 'log-line',
        t: 0,
        source: c.source.index,
        line: at.line,
        text: lines[at.line - 1]?.trim() ?? '',
      });
  }
  return { inst, refs };
}

/** A fault as the evidence showed it (a forced script result is what the log said the script did). */
const faultLabel = (f: ImpliedFault) =>
  f.event.action === 'force-script'
    ? `${f.event.name} ${f.event.result ? 'succeeded' : 'failed'} on ${f.event.node ?? 'every node'}`
    : describeEvent({ at: 0, ...f.event });

const clock = (t: Micros) => new Date(t / 1000).toISOString().slice(11, 23);

/** The fault a change follows: the last one in the 20 s before it. */
function faultBefore(plan: RealityPlan, t: Micros): ImpliedFault | null {
  let found: ImpliedFault | null = null;
  for (const f of plan.faults) if (f.t <= t && f.t >= t - 20 * US_PER_S) found = f;
  return found;
}

/** The diagnoses where the simulated changes of master diverge from the recorded ones. */
export function compareWithConfigs(
  check: Pick<RealityCheck, 'recorded' | 'endUs'>,
  k: number,
  plan: RealityPlan,
  trace: Trace,
): Diagnosis[] {
  const inv = { endUs: check.endUs };
  const out: Diagnosis[] = [];
  const inSpan = (c: ChangeOfMaster) =>
    c.t >= plan.compareFromUs &&
    c.t <= inv.endUs &&
    plan.configs.has(c.to) &&
    (c.from === null || plan.configs.has(c.from));
  const recorded = changesOf(check.recorded[k], plan.faults).filter(inSpan);
  const simulated = changesOf(simulatedSteps(trace, plan), plan.faults).filter(inSpan);
  const used = new Set<ChangeOfMaster>();
  const describeNode = (node: string, vrid: number) => {
    const c = configRefs(plan, node, vrid);
    return c ? `${node}: priority ${c.inst.priority}, advert_int ${c.inst.advertIntervalCs / 100} s` : node;
  };
  for (const r of recorded) {
    const fault = faultBefore(plan, r.t);
    // The same change follows the same fault (or comes within a second of it, either side of a fault).
    const near = simulated
      .filter(
        (s) =>
          !used.has(s) &&
          s.vrid === r.vrid &&
          Math.abs(s.t - r.t) <= MATCH_WINDOW_US &&
          (faultBefore(plan, s.t) === fault || Math.abs(s.t - r.t) <= US_PER_S) &&
          (s.from === null) === (r.from === null),
      )
      .sort(
        (a, b) => Number(b.to === r.to) - Number(a.to === r.to) || Math.abs(a.t - r.t) - Math.abs(b.t - r.t),
      )[0];
    const cfg = configRefs(plan, r.to, r.vrid);
    const what =
      r.from === null
        ? `${r.to} became the first master of VRID ${r.vrid}`
        : `${r.to} took over VRID ${r.vrid} from ${r.from}`;
    // The recorded transition, the config lines that predict otherwise, the fault, then the rest.
    const evidence = [
      ...r.evidence.slice(0, 1),
      ...(cfg?.refs ?? []),
      ...(fault ? [fault.evidence] : []),
      ...r.evidence.slice(1),
    ];
    if (!near) {
      out.push({
        code: REALITY_CODE,
        severity: 'warning',
        message: `${what} at ${clock(r.t)}${fault ? `, ${secondsLabel(r.t - fault.t)} after ${faultLabel(fault)}` : ''}; the configs predict no such change within ${secondsLabel(MATCH_WINDOW_US, 0)} (${[...new Set([r.to, r.from].filter((n): n is string => !!n))].map((n) => describeNode(n, r.vrid)).join('; ')})`,
        evidence,
        settle:
          'the configs the nodes really ran (a SIGUSR1 dump shows them), or a fault the evidence does not show',
      });
      continue;
    }
    used.add(near);
    if (near.to !== r.to) {
      out.push({
        code: REALITY_CODE,
        severity: 'warning',
        message: `${what} at ${clock(r.t)}; with these configs ${near.to} would have${r.from === null ? ' been the first master' : ` taken over at ${clock(near.t)}`} (${[r.to, near.to].map((n) => describeNode(n, r.vrid)).join('; ')})`,
        evidence,
        settle: 'the priorities the nodes really ran with (a SIGUSR1 dump or keepalived.json shows them)',
      });
      continue;
    }
    const spread =
      (cfg ? cfg.inst.advertIntervalCs * 10_000 : US_PER_S) +
      2 * Math.max(r.uncertaintyUs, fault?.uncertaintyUs ?? 0) +
      LOAD_MARGIN_US;
    const diff = r.t - near.t;
    if (Math.abs(diff) > spread) {
      const since = fault ? ` after ${faultLabel(fault)}` : '';
      const mdi = cfg
        ? masterDownUs(cfg.inst.version, cfg.inst.priority, cfg.inst.advertIntervalCs * 10_000)
        : null;
      out.push({
        code: REALITY_CODE,
        severity: 'warning',
        message: fault
          ? `${what} ${secondsLabel(r.t - fault.t)}${since}; its config predicts ${secondsLabel(near.t - fault.t)} (${describeNode(r.to, r.vrid)}${mdi ? `, master-down interval ${secondsLabel(mdi)}` : ''}): ${secondsLabel(Math.abs(diff))} ${diff > 0 ? 'later' : 'earlier'}, beyond the spread of ±${secondsLabel(spread)}`
          : `${what} at ${clock(r.t)}; its config predicts ${clock(near.t)} (${describeNode(r.to, r.vrid)}): ${secondsLabel(Math.abs(diff))} ${diff > 0 ? 'later' : 'earlier'}, beyond the spread of ±${secondsLabel(spread)}`,
        evidence,
        settle:
          'the advert_int and priorities the nodes really ran with (a SIGUSR1 dump shows them); a loaded host delays timers too',
      });
    }
  }
  for (const s of simulated) {
    if (used.has(s) || s.t > inv.endUs - US_PER_S) continue;
    const fault = faultBefore(plan, s.t);
    const cfg = configRefs(plan, s.to, s.vrid);
    out.push({
      code: REALITY_CODE,
      severity: 'warning',
      message: `The configs predict ${s.from === null ? `${s.to} as the first master of VRID ${s.vrid}` : `${s.to} taking over VRID ${s.vrid} from ${s.from}`} at ${clock(s.t)}${fault ? ` (${secondsLabel(s.t - fault.t)} after ${faultLabel(fault)})` : ''}, and the evidence shows no such change (${describeNode(s.to, s.vrid)})`,
      evidence: [...(fault ? [fault.evidence] : []), ...(cfg?.refs ?? [])],
      settle: 'the configs the nodes really ran (a SIGUSR1 dump shows them), or evidence from the whole span',
    });
  }
  return out;
}

/** What the configs-against-reality check could not cover, for `unanswered`. */
export function realityLimits(inv: Investigation, plans: RealityPlan[]): string[] {
  const out: string[] = [];
  const vrids = new Set(inv.transitions.map((t) => t.vrid).filter((v): v is number => v !== null));
  for (const v of vrids) {
    const missing = [...new Set(inv.transitions.filter((t) => t.vrid === v).map((t) => t.node))].filter(
      (n) => !plans.some((p) => p.configs.has(n)),
    );
    if (missing.length > 0)
      out.push(
        `VRID ${v}: the changes of master of ${missing.join(', ')} were not checked against the configs (no config of theirs was given)`,
      );
  }
  return out;
}

/**
 * What the check needs, apart from the simulator: the scenarios and each one's recorded state
 * changes. Plain data, so that the app can send it from the evidence worker to the simulation
 * worker's caller.
 */
export interface RealityCheck {
  plans: RealityPlan[];
  recorded: Step[][];
  endUs: Micros;
  unanswered: string[];
}

export function realityCheck(inv: Investigation): RealityCheck | null {
  const plans = realityPlans(inv);
  if (plans.length === 0) return null;
  return {
    plans,
    recorded: plans.map((p) => recordedSteps(inv, p)),
    endUs: inv.endUs,
    unanswered: realityLimits(inv, plans),
  };
}

/** The whole check with a simulator at hand (the CLI; the app runs each scenario in the sim worker). */
export function checkAgainstConfigs(
  inv: Investigation,
  simulate: SimulateFn,
): { diagnoses: Diagnosis[]; unanswered: string[] } {
  const check = realityCheck(inv);
  if (!check) return { diagnoses: [], unanswered: [] };
  const diagnoses = check.plans.flatMap((plan, k) =>
    compareWithConfigs(check, k, plan, simulate(plan.scenario, { untilUs: plan.untilUs }).value),
  );
  return { diagnoses, unanswered: check.unanswered };
}

export type { RealityPlan, Scenario };
