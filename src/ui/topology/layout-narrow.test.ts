// The narrow (stacked) topology layout: one column in reading order, boxes as wide as the widest,
// nothing overlapping, the LAN line below the last box.
import { describe, expect, it } from 'vitest';
import { chooseDrawing, computeLayout, MIN_TEXT_UNITS } from './layout';
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

describe('chooseDrawing', () => {
  const trace = simulate(pandaScenario(), { untilUs: 30_000_000 }).value;
  const columns = computeLayout(trace);
  const stacked = computeLayout(trace, undefined, { narrow: true });
  const text = (d: { scale: number }) => d.scale * MIN_TEXT_UNITS;

  it('keeps the three columns while their smallest text renders at the floor', () => {
    const d = chooseDrawing(columns, stacked, 1800, 1000, 11);
    expect(d.narrow).toBe(false);
    expect(text(d)).toBeGreaterThanOrEqual(11);
  });

  it('stacks at the floor when the columns would render smaller, in a short pane too', () => {
    for (const [w, h, floor] of [
      [740, 290, 11],
      [740, 300, 18],
      [1800, 200, 11],
    ]) {
      const d = chooseDrawing(columns, stacked, w, h, floor);
      expect(d.narrow).toBe(true);
      expect(text(d)).toBeCloseTo(floor, 5);
    }
  });

  it('fits the stacked column to a pane narrower than it', () => {
    const d = chooseDrawing(columns, stacked, 300, 800, 11);
    expect(d.narrow).toBe(true);
    expect(d.scale).toBeLessThan(1);
  });
});
