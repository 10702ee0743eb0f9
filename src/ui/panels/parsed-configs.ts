/**
 * The Config panel's parsed configs and lint findings, kept by their text. The panel re-derives them
 * whenever its draft changes: a keystroke in one node's config, and the swap to the trace of an Apply,
 * whose scenario carries the very texts the draft had. Parsing 64 configs of 32 instances and linting
 * them together is tens of milliseconds; kept here, a keystroke parses one config and the swap none.
 * `prepare` fills the cache for a run's scenario before it is shown (Session.prepareWith), a few
 * configs per task.
 */
import { lintScenario, type Finding, type LintNode } from '../../lib/config';
import { toLintNode } from '../../lib/config/lint';
import type { ScenarioNode } from '../../lib/scenario/types';
import { yieldToEventLoop } from '../state/yield';

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
  lint(nodes: { lint: LintNode; addresses: Record<string, string[]> }[]): Finding[] {
    const inputs = nodes.map((n) => ({ lint: n.lint, addresses: JSON.stringify(n.addresses) }));
    const last = this.#lint;
    if (
      last &&
      last.inputs.length === inputs.length &&
      last.inputs.every((x, k) => x.lint === inputs[k].lint && x.addresses === inputs[k].addresses)
    )
      return last.findings;
    const findings = lintScenario(nodes.map((n) => ({ ...n.lint, addresses: n.addresses }))).findings;
    this.#lint = { inputs, findings };
    return findings;
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
    this.lint(nodes.map((n, k) => ({ lint: lints[k], addresses: n.interfaces })));
  }
}
