/**
 * The Config panel's parsed configs and lint findings, kept by their text. The panel re-derives them
 * whenever its draft changes: a keystroke in one node's config, and the swap to the trace of an Apply,
 * whose scenario carries the very texts the draft had. Parsing 64 configs of 32 instances and linting
 * them together is tens of milliseconds; kept here, a keystroke parses one config and the swap none.
 * `prepare` fills the cache for a run's scenario before it is shown (Session.prepareWith), and
 * `lintInSlices` lints after a pause in typing, both a few milliseconds per task.
 */
import { lintScenario, type Finding, type LintNode } from '../../lib/config';
import { lintNode, lintScenarioSteps, nodeLintCodes, toLintNode } from '../../lib/config/lint';
import type { ScenarioNode } from '../../lib/scenario/types';
import { yieldToEventLoop } from '../state/yield';

type LintNodes = { lint: LintNode; addresses: Record<string, string[]> }[];
type NodeText = Pick<ScenarioNode, 'name' | 'config' | 'implementation'>;

/** Parsed configs kept: a few scenarios' worth of 64 nodes. */
const MAX_KEPT = 512;
/** Parsing allowed in one task of `prepare`, ms. */
const SLICE_MS = 8;

export class ParsedConfigs {
  #parsed = new Map<string, LintNode>();
  #lint: { inputs: { lint: LintNode; addresses: string }[]; findings: Finding[] } | null = null;

  /** The node's config parsed (a ucarp node's command line, as ucarp reads it). */
  parse(n: NodeText): LintNode {
    const key = `${n.implementation ?? ''}\u0000${n.name}\u0000${n.config}`;
    let lint = this.#parsed.get(key);
    // Re-inserted on each use: the oldest entry is the least recently used.
    if (lint) this.#parsed.delete(key);
    else lint = toLintNode({ name: n.name, config: n.config, implementation: n.implementation });
    this.#parsed.set(key, lint);
    if (this.#parsed.size > MAX_KEPT) this.#parsed.delete(this.#parsed.keys().next().value!);
    return lint;
  }

  /** lintScenario of the nodes, again only when a config or an address changed. */
  lint(nodes: LintNodes): Finding[] {
    const kept = this.linted(nodes);
    if (kept) return kept;
    const findings = lintScenario(lintInputsOf(nodes)).findings;
    this.#keep(nodes, findings);
    return findings;
  }

  /**
   * `lint` in tasks of at most SLICE_MS of linting (lintScenarioSteps): 64 configs of 32 VRIDs took
   * 14–99 ms in one task. Gives up, keeping nothing, once `stale()` says the nodes were edited again.
   */
  async lintInSlices(nodes: LintNodes, stale: () => boolean = () => false): Promise<void> {
    if (this.linted(nodes)) return;
    const steps = lintScenarioSteps(lintInputsOf(nodes));
    let since = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) return this.#keep(nodes, step.value.findings);
      if (performance.now() - since < SLICE_MS) continue;
      await yieldToEventLoop();
      if (stale()) return;
      since = performance.now();
    }
  }

  #keep(nodes: LintNodes, findings: Finding[]): void {
    this.#lint = {
      inputs: nodes.map((n) => ({ lint: n.lint, addresses: JSON.stringify(n.addresses) })),
      findings,
    };
  }

  /** The findings of the last lint when it was of these very nodes, else null. */
  linted(nodes: LintNodes): Finding[] | null {
    const last = this.#lint;
    if (!last || last.inputs.length !== nodes.length) return null;
    const same = last.inputs.every(
      (x, k) => x.lint === nodes[k].lint && x.addresses === JSON.stringify(nodes[k].addresses),
    );
    return same ? last.findings : null;
  }

  /**
   * Whether these nodes differ from the last lint's in one node's config alone (a keystroke in its
   * editor): then the scenario-wide lint can wait (`lintWhileTyping`).
   */
  typedIn(nodes: LintNodes, node: string): boolean {
    const last = this.#lint;
    if (!last || last.inputs.length !== nodes.length) return false;
    return nodes.every(
      (n, k) =>
        last.inputs[k].addresses === JSON.stringify(n.addresses) &&
        (last.inputs[k].lint === n.lint || (n.lint.node === node && last.inputs[k].lint.node === node)),
    );
  }

  /**
   * The findings while a node's config is being typed: the last lint's, with that node's own findings
   * (lintNode) made again from its new text. The findings across nodes follow once the typing pauses.
   */
  lintWhileTyping(nodes: LintNodes, node: string): Finding[] {
    const last = this.#lint?.findings ?? [];
    const typed = nodes.find((n) => n.lint.node === node);
    return [
      ...last.filter((f) => !(f.node === node && nodeLintCodes.has(f.code))),
      ...(typed ? lintNode({ ...typed.lint, addresses: typed.addresses }) : []),
    ];
  }

  /** Parses the nodes' configs ahead, yielding between slices; then lints them. */
  async prepare(nodes: ScenarioNode[]): Promise<void> {
    let since = performance.now();
    const lints: LintNode[] = [];
    for (const n of nodes) {
      lints.push(this.parse(n));
      if (performance.now() - since < SLICE_MS) continue;
      await yieldToEventLoop();
      since = performance.now();
    }
    await yieldToEventLoop();
    await this.lintInSlices(nodes.map((n, k) => ({ lint: lints[k], addresses: n.interfaces })));
  }
}

const lintInputsOf = (nodes: LintNodes) => nodes.map((n) => ({ ...n.lint, addresses: n.addresses }));
