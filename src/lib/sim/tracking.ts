/**
 * What an instance's trackers make of it (docs/vrrp-behaviour.md §4.2–§4.4, §6.1): the weighted terms
 * of its effective priority, and its fault reasons (own interface, weight-0 scripts and interfaces,
 * no source address; a sync group faults as one).
 */
import type { TrackRef, VrrpSyncGroup } from '../config/model';
import type { PriorityTerm } from '../trace/types';
import type { InstanceRuntime } from './instance';
import type { Lan } from './lan';

/** The node-side facts the trackers read. */
export interface TrackingView {
  node: string;
  lan: Lan;
  syncGroups: VrrpSyncGroup[];
  /** A script's OK/KO status, null before its first result. */
  scriptOk(name: string): boolean | null;
}

function groupOf(inst: InstanceRuntime, v: TrackingView): VrrpSyncGroup | undefined {
  return inst.cfg.syncGroup ? v.syncGroups.find((g) => g.name === inst.cfg.syncGroup) : undefined;
}

/** Scripts an instance tracks: its own plus its sync group's (§6.1). */
export function trackedScripts(inst: InstanceRuntime, v: TrackingView): TrackRef[] {
  return [...inst.cfg.trackScripts, ...(groupOf(inst, v)?.trackScripts ?? [])];
}

/** Weights count only outside sync groups and for non-owners (§4.2). */
function weightsApply(inst: InstanceRuntime): boolean {
  return !inst.cfg.syncGroup && inst.base !== 255;
}

/**
 * §4.2: W > 0 adds W while OK; W < 0 subtracts |W| while KO; `reverse` flips the sign. Nothing before
 * the first result.
 */
export function priorityTerms(inst: InstanceRuntime, v: TrackingView): PriorityTerm[] {
  const terms: PriorityTerm[] = [];
  if (!weightsApply(inst)) return terms;
  const add = (
    ref: TrackRef,
    kind: 'script' | 'interface',
    up: boolean | null,
    upWord: string,
    downWord: string,
  ) => {
    if (ref.weight === 0 || up === null) return;
    const w = ref.weight;
    let delta = 0;
    if (w > 0 && up) delta = ref.reverse ? -w : w;
    if (w < 0 && !up) delta = ref.reverse ? -w : w;
    if (delta) terms.push({ source: ref.name, kind, delta, status: up ? upWord : downWord });
  };
  for (const ref of inst.cfg.trackScripts) add(ref, 'script', v.scriptOk(ref.name), 'ok', 'failed');
  for (const ref of inst.cfg.trackInterfaces)
    add(ref, 'interface', v.lan.linkUp(v.node, ref.name), 'up', 'down');
  return terms;
}

/** The instance's own fault reasons (§4.3, §4.4, §2.4 "no usable source address"). */
export function ownFaults(inst: InstanceRuntime, v: TrackingView): string[] {
  const reasons: string[] = [];
  const { lan, node } = v;
  if (!inst.cfg.dontTrackPrimary && !lan.linkUp(node, inst.iface.name))
    reasons.push(`${inst.iface.name} down`);
  if (
    inst.cfg.family === 'ipv4' &&
    !inst.iface.addresses.some((a) => a.family === 'ipv4') &&
    !inst.cfg.unicastSrcIp
  )
    reasons.push(`no IPv4 address for interface ${inst.iface.name}`);
  const group = groupOf(inst, v);
  for (const ref of [...inst.cfg.trackInterfaces, ...(group?.trackInterfaces ?? [])]) {
    // A weighted interface counts in the priority; in a sync group its weight is forced to 0 (§4.2).
    if (ref.weight !== 0 && !group) continue;
    if (lan.linkUp(node, ref.name) === ref.reverse)
      reasons.push(`${ref.name} ${ref.reverse ? 'up' : 'down'}`);
  }
  for (const ref of trackedScripts(inst, v)) {
    if (ref.weight !== 0) continue;
    const ok = v.scriptOk(ref.name);
    if (ok !== null && ok === ref.reverse)
      reasons.push(`${ref.name} ${ref.reverse ? 'succeeded (reverse)' : 'failed'}`);
  }
  return reasons;
}

/** In fault, and whether only because its sync group is (§6.1: the group faults as one). */
export function faultState(
  inst: InstanceRuntime,
  all: InstanceRuntime[],
  v: TrackingView,
): { faulted: boolean; viaSync: boolean } {
  const own = ownFaults(inst, v).length > 0;
  if (own || !inst.cfg.syncGroup) return { faulted: own, viaSync: false };
  const groupFault = all.some((o) => o.cfg.syncGroup === inst.cfg.syncGroup && ownFaults(o, v).length > 0);
  return { faulted: groupFault, viaSync: groupFault };
}
