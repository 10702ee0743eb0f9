/**
 * Effective priority and election arithmetic for the lint's "what if this fails" analysis
 * (docs/vrrp-behaviour.md §4.2–§4.4, §2.6.1, §3). Pure functions over the completed model.
 */
import { parseIP } from '../net/address';
import type { KeepalivedConfig, TrackRef, VrrpInstance } from './model';

/** Something that can fail on one node: a tracked script, or an interface going down. */
export interface Failure {
  kind: 'script' | 'interface';
  name: string;
}

/** One node's instance of a VRID, with what the analysis needs to know about its node. */
export interface Member {
  node: string;
  inst: VrrpInstance;
  config: KeepalivedConfig;
  /** The node's address used in the equal-priority tie-break (§2.6.1), when known. */
  address?: string;
}

export interface Outcome {
  /** Effective priority, or 'FAULT'. */
  priority: number | 'FAULT';
  /** The arithmetic, e.g. "100 − 2 = 98 (chk_haproxy failed)". */
  why: string;
}

const failed = (f: Failure) => (f.kind === 'script' ? `${f.name} failed` : `${f.name} down`);

/** A tracked object's contribution while OK or KO (§4.2): weight sign and `reverse` decide. */
export function contribution(ref: TrackRef, ok: boolean): number {
  const w = ref.weight;
  if (!ref.reverse) return w > 0 ? (ok ? w : 0) : ok ? 0 : w;
  return w > 0 ? (ok ? -w : 0) : ok ? 0 : -w;
}

/** The track references of an instance, including those of its sync group (§6.1). */
export function trackRefs(m: Member): { scripts: TrackRef[]; interfaces: TrackRef[] } {
  const sg = m.inst.syncGroup ? m.config.syncGroups.find((g) => g.name === m.inst.syncGroup) : undefined;
  return {
    scripts: [...m.inst.trackScripts, ...(sg?.trackScripts ?? [])],
    interfaces: [...m.inst.trackInterfaces, ...(sg?.trackInterfaces ?? [])],
  };
}

/** True when the failure faults the instance by itself (weight 0, or the instance's own interface). */
function faults(inst: VrrpInstance, refs: ReturnType<typeof trackRefs>, f: Failure | undefined): boolean {
  if (!f) return false;
  if (f.kind === 'interface') {
    const own =
      !inst.dontTrackPrimary && (inst.interface === f.name || inst.vips.some((v) => v.dev === f.name));
    if (own) return true;
  }
  const list = f.kind === 'script' ? refs.scripts : refs.interfaces;
  return list.some((r) => r.name === f.name && r.weight === 0 && !r.reverse);
}

/**
 * The instance's effective priority with `failure` (on its node) applied, or FAULT. Weight 0 means
 * FAULT (§4.3); owners keep 255 (§4.2); any member fault puts the whole sync group in FAULT (§6.1).
 */
export function evaluate(m: Member, failure: Failure | undefined): Outcome {
  const inst = m.inst;
  const groupMates = inst.syncGroup
    ? m.config.instances.filter((i) => i.syncGroup === inst.syncGroup)
    : [inst];
  for (const mate of groupMates) {
    if (faults(mate, trackRefs({ ...m, inst: mate }), failure)) {
      const why = mate === inst ? `FAULT (${failed(failure!)})` : `FAULT (sync group: ${mate.name} in FAULT)`;
      return { priority: 'FAULT', why };
    }
  }
  if (inst.priority === 255) return { priority: 255, why: '255 (address owner)' };
  const refs = trackRefs(m);
  let total = inst.priority;
  const terms: string[] = [String(inst.priority)];
  const add = (r: TrackRef, kind: Failure['kind']) => {
    const ok = !(failure && failure.kind === kind && failure.name === r.name);
    const c = contribution(r, ok);
    if (c === 0) return;
    total += c;
    terms.push(`${c < 0 ? '−' : '+'} ${Math.abs(c)}`);
  };
  refs.scripts.forEach((r) => add(r, 'script'));
  refs.interfaces.forEach((r) => add(r, 'interface'));
  const eff = Math.min(254, Math.max(1, total));
  const why = terms.length > 1 ? `${terms.join(' ')} = ${eff}` : String(eff);
  return { priority: eff, why: failure && terms.length > 1 ? `${why} (${failed(failure)})` : why };
}

/** Compares two addresses as numbers (§2.6.1: the higher primary address wins a tie). */
export function compareAddresses(a: string | undefined, b: string | undefined): number {
  const x = a ? parseIP(a)?.bytes : undefined;
  const y = b ? parseIP(b)?.bytes : undefined;
  if (!x || !y || x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * The master after a change, given the previous master (if it is still up): a BACKUP takes over only
 * with a strictly higher priority and preempt on (§2.5, §3); an equal advert is accepted, so ties keep
 * the incumbent. Without an incumbent the highest wins, ties by address. Returns the index or -1.
 */
export function electMaster(prios: (number | 'FAULT')[], members: Member[], incumbent: number): number {
  const up = prios.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== 'FAULT');
  if (!up.length) return -1;
  const inc = up.find((x) => x.i === incumbent);
  if (inc) {
    const challengers = up.filter((x) => x.p > inc.p && members[x.i].inst.preempt);
    if (!challengers.length) return inc.i;
    return best(challengers, members);
  }
  return best(up, members);
}

function best(cands: { p: number; i: number }[], members: Member[]): number {
  return cands.reduce((a, b) => {
    if (b.p !== a.p) return b.p > a.p ? b : a;
    return compareAddresses(members[b.i].address, members[a.i].address) > 0 ? b : a;
  }).i;
}
