/**
 * The shapes of the scenario lint (lint.ts): a finding is a diagnostic that may name the node and VRID
 * it concerns.
 */
import type { Diagnostic } from '../trace/diagnostic';
import type { KeepalivedConfig } from './model';
import type { UcarpConfig } from './ucarp';

export type Finding = Diagnostic & { node?: string; vrid?: number };

/** One node of a scenario: its parsed config and, optionally, what is known about its host. */
export interface LintNode {
  node: string;
  config: KeepalivedConfig;
  /** The node's interface addresses, interface name → addresses (`192.168.3.4` or `192.168.3.4/24`). */
  addresses?: Record<string, string[]>;
  /** A ucarp node: its command line (then `config` is empty); linted with the other CARP nodes of its vhid. */
  ucarp?: UcarpConfig;
  /** The parse diagnostics of `config`, so the lint can say what keepalived's corrections mean for the scenario. */
  diagnostics?: Diagnostic[];
}

/**
 * What lintScenario accepts: parsed nodes, or scenario nodes (src/lib/scenario/types.ts `ScenarioNode`:
 * name, interfaces, config text), which are parsed with their name as the file name.
 */
export type LintInput =
  | LintNode
  | {
      name: string;
      config: string;
      interfaces?: Record<string, string[]>;
      implementation?: 'keepalived' | 'ucarp';
    };
