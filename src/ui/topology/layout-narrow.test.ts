// The narrow (stacked) topology layout: one column in reading order, boxes as wide as the widest,
// nothing overlapping, the LAN line below the last box.
import { describe, expect, it } from 'vitest';
import { computeLayout } from './layout';
import { simulate } from '../../lib/sim/run';
import { pandaScenario } from '../../lib/scenario/panda';

describe('computeLayout({ narrow: true })', () => {
  const trace = simulate(pandaScenario(), { untilUs: 30_000_000 }).value;
  const wide = computeLayout(trace);
  const narrow = computeLayout(trace, undefined, { narrow: true });

  it('stacks every node in one column: clients, routers, servers', () => {
    const boxes = [...narrow.boxes.values()].sort((a, b) => a.y - b.y);
    expect(boxes.map((b) => b.node.role)).toEqual([
      'client',
      'client',
      'router',
      'router',
      'server',
      'server',
      'server',
    ]);
    expect(new Set(boxes.map((b) => b.x))).toEqual(new Set([0]));
    expect(new Set(boxes.map((b) => b.w)).size).toBe(1);
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i].y).toBeGreaterThan(boxes[i - 1].y + boxes[i - 1].h);
    expect(narrow.busY).toBeGreaterThan(boxes.at(-1)!.y + boxes.at(-1)!.h);
  });

  it('is taller than wide, and much narrower than the three-column layout', () => {
    expect(narrow.height).toBeGreaterThan(narrow.width);
    expect(narrow.width).toBeLessThan(wide.width / 2);
  });
});
