/**
 * What a library scenario promises to show, as data a test can check against a simulation: at a
 * given time, which nodes are MASTER of a virtual router. The tutorial and picker show `summary`.
 */
import type { Family } from '../trace/types';
import type { Scenario } from '../scenario/types';

export interface MasterClaim {
  /** Seconds of virtual time. */
  atS: number;
  /** Absent: VRRP. For CARP, `vrid` is the vhid. */
  protocol?: 'vrrp' | 'carp';
  family: Family;
  vrid: number;
  /** Node names in MASTER state for that virtual router at `atS`, in any order (two = split brain). */
  masters: string[];
  /** Why, in one sentence (shown in the picker's details). */
  why: string;
}

export interface LibraryEntry {
  /** Stable id used in URLs and the picker (`panda`, `active-passive`, …). */
  id: string;
  title: string;
  /** One or two sentences: the behaviour the scenario demonstrates. */
  summary: string;
  /** Builds a fresh scenario (callers may edit it). */
  build(): Scenario;
  claims: MasterClaim[];
}
