/**
 * What a node box says about the implementation that spoke (issue 12): keepalived, FRR's vrrpd or
 * CARP (ucarp / the BSDs), and each protocol's own numbers: CARP has advbase/advskew/demote, not a
 * priority.
 */
import {
  unnamedInstanceName,
  type Implementation,
  type Trace,
  type TraceInstance,
} from '../../lib/trace/types';

export const IMPLEMENTATION_LABEL: Record<Implementation, string> = {
  keepalived: 'keepalived',
  frr: 'FRR',
  carp: 'CARP (ucarp/BSD)',
};

/** The daemon name(s) of a node: its instances' implementations, keepalived when none says. */
export function daemonName(trace: Trace, node: string): string {
  const names = new Set<string>();
  for (const i of trace.instances)
    if (i.node === node) names.add(IMPLEMENTATION_LABEL[i.implementation ?? 'keepalived']);
  return names.size === 0 ? IMPLEMENTATION_LABEL.keepalived : [...names].join(' + ');
}

/** `VRID 200 · VI_1`, `VRID 5 · VI_5 · FRR`, `vhid 7 · CARP (ucarp/BSD)`. */
export function instanceLabel(i: TraceInstance): string {
  if (i.implementation === 'carp') return `vhid ${i.vrid} · ${IMPLEMENTATION_LABEL.carp}`;
  if (i.implementation === 'frr') return `VRID ${i.vrid} · ${i.name} · ${IMPLEMENTATION_LABEL.frr}`;
  // An instance no config or log named is called by its VRID: once is enough.
  return i.name === unnamedInstanceName(i.vrid) ? i.name : `VRID ${i.vrid} · ${i.name}`;
}

/** CARP's own numbers in place of a priority; null for VRRP instances. */
export function carpNumbers(i: TraceInstance): string | null {
  return i.carp ? `advbase ${i.carp.advbase} advskew ${i.carp.advskew} demote ${i.carp.demote}` : null;
}
