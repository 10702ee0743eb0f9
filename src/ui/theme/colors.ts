/**
 * Colours shared by the topology and the timeline. Node colours (master runs, adverts) come from a
 * fixed qualitative palette that reads on both themes; state colours are CSS variables of theme.css.
 */
import type { VrrpState } from '../../lib/trace/types';

const NODE_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#bab0ac',
];

/** A stable colour per router node, in trace order. */
export function nodeColours(nodeIds: readonly string[]): Map<string, string> {
  return new Map(nodeIds.map((id, k) => [id, NODE_PALETTE[k % NODE_PALETTE.length]]));
}

export function stateVar(state: VrrpState): string {
  return `var(--state-${state.toLowerCase()})`;
}
