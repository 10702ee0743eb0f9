/**
 * The one event validator refuses what changes nothing or names nothing, in scenario files, share
 * links and the app alike, each refusal positioned at its key.
 */
import { describe, expect, it } from 'vitest';
import { checkEvent, scenarioFacts } from '../../src/lib/scenario/actions/check';
import { describeEvent } from '../../src/lib/scenario/actions/registry';
import { pandaScenario } from '../../src/lib/scenario/panda';
import type { ScenarioEvent } from '../../src/lib/scenario/types';
import { validateScenario } from '../../src/lib/scenario/validate';
import { decodeShareValue, encodeShareValue } from '../../src/lib/share/codec';

const A = 'prod-haproxy-000';
const B = 'prod-haproxy-001';
const errorsOf = (text: string) => validateScenario(text).diagnostics.filter((d) => d.severity === 'error');
const withEvents = (events: unknown[]) => JSON.stringify({ ...pandaScenario(), events }, null, 2);

/** The line (1-based) of the first line of `text` containing `needle` at or after line `from`. */
const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

describe('faults that do nothing are refused (issue 15 item 7)', () => {
  it('a partition with one empty side', () => {
    const errors = errorsOf(withEvents([{ at: 1, action: 'partition', groups: [[], [A, B]] }]));
    expect(errors).toMatchObject([{ code: 'scenario.no-effect' }]);
    expect(errors[0].message).toContain('at least two non-empty sides');
  });

  it('kill-process with no process, or an empty one', () => {
    expect(errorsOf(withEvents([{ at: 1, action: 'kill-process', node: A }]))).toMatchObject([
      { code: 'scenario.missing-field' },
    ]);
    expect(errorsOf(withEvents([{ at: 1, action: 'kill-process', node: A, process: '' }]))).toMatchObject([
      { code: 'scenario.bad-value', message: expect.stringContaining('"process" is empty') },
    ]);
  });

  it('the app refuses them through the same validator', () => {
    const facts = scenarioFacts(pandaScenario());
    const refused: string[] = [];
    checkEvent({ at: 8, action: 'partition', groups: [[], [A, B]] }, 'event', facts, (_p, m) =>
      refused.push(m),
    );
    expect(refused).toHaveLength(1);
  });

  it('share links drop them with the same message', () => {
    const link = encodeShareValue({
      scenario: { ...pandaScenario(), events: [{ at: 1, action: 'partition', groups: [[A], []] }] },
      t: 0,
      view: {},
    });
    const r = decodeShareValue(link);
    expect(r.value?.scenario.events ?? []).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'share.bad-event')?.message).toContain('two non-empty sides');
  });

  it('the event list shows their parameters', () => {
    const label = (e: Omit<ScenarioEvent, 'at'>) => describeEvent({ at: 0, ...e } as ScenarioEvent);
    expect(label({ action: 'partition', groups: [[A], [B]] })).toBe(`partition [${A}] | [${B}]`);
    expect(label({ action: 'set-loss', percent: 30 })).toBe('loss 30%');
    expect(label({ action: 'block-multicast', from: A, to: B })).toBe(`multicast blocked ${A} → ${B}`);
    expect(label({ action: 'set-priority', node: A, instance: 'VI_1', priority: 90 })).toBe(
      `priority of VI_1 set to 90 on ${A}`,
    );
  });
});

describe('nonsense the README says is refused (issue 15 item 14)', () => {
  it('duplicate node names, at the second name', () => {
    const s = pandaScenario();
    const text = JSON.stringify({ ...s, nodes: [...s.nodes, { ...s.nodes[0] }] }, null, 2);
    const dup = errorsOf(text).find((d) => d.code === 'scenario.duplicate-name')!;
    expect(dup.message).toBe(`nodes/2/name: the name "${A}" is already used by nodes/0`);
    const second = lineOf(text, `"name": "${A}"`, lineOf(text, `"name": "${A}"`));
    expect(dup.at).toMatchObject({ line: second });
  });

  it('"duration": -1 and 0', () => {
    for (const duration of [-1, 0]) {
      const text = JSON.stringify({ ...pandaScenario(), duration }, null, 2);
      expect(errorsOf(text)).toMatchObject([
        { code: 'scenario.bad-value', at: { line: lineOf(text, '"duration"') } },
      ]);
    }
  });

  it('set-latency with a negative value', () => {
    const text = withEvents([{ at: 1, action: 'set-latency', ms: -5 }]);
    expect(errorsOf(text)).toMatchObject([
      {
        code: 'scenario.bad-value',
        message: expect.stringContaining('within 0..600000 ms (got -5)'),
        at: { line: lineOf(text, '"ms"') },
      },
    ]);
  });

  it('force-script naming a script no node has; a real one is fine', () => {
    const text = withEvents([{ at: 1, action: 'force-script', name: 'chk_nothing', result: false }]);
    expect(errorsOf(text)).toMatchObject([
      { code: 'scenario.unknown-script', at: { line: lineOf(text, '"name": "chk_nothing"') } },
    ]);
    const script = /vrrp_script (\S+)/.exec(pandaScenario().nodes[0].config)![1];
    expect(errorsOf(withEvents([{ at: 1, action: 'force-script', name: script, result: false }]))).toEqual(
      [],
    );
  });

  it('set-advert-int: an instance the node has, within 0.01..255 s', () => {
    expect(
      errorsOf(
        withEvents([{ at: 1, action: 'set-advert-int', node: A, instance: '192.168.3.200', seconds: 2 }]),
      ),
    ).toEqual([]);
    expect(
      errorsOf(withEvents([{ at: 1, action: 'set-advert-int', node: A, instance: 'VI_9', seconds: 0 }])).map(
        (d) => d.code,
      ),
    ).toEqual(['scenario.unknown-instance', 'scenario.bad-value']);
  });
});
