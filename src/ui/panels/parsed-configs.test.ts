import { describe, expect, it } from 'vitest';
import { pandaScenario } from '../../lib/scenarios/index';
import { ParsedConfigs } from './parsed-configs';

const inputsOf = (configs: ParsedConfigs) =>
  pandaScenario().nodes.map((n) => ({ lint: configs.parse(n), addresses: n.interfaces }));

describe('ParsedConfigs.lintInSlices', () => {
  it('keeps the findings lint() gives', async () => {
    const configs = new ParsedConfigs();
    const inputs = inputsOf(configs);
    expect(configs.linted(inputs)).toBeNull();
    await configs.lintInSlices(inputs);
    const kept = configs.linted(inputs);
    expect(kept).not.toBeNull();
    expect(kept).toEqual(new ParsedConfigs().lint(inputsOf(new ParsedConfigs())));
  });

  it('keeps nothing when the configs were edited while it waited for its next slice', async () => {
    const configs = new ParsedConfigs();
    const inputs = inputsOf(configs);
    const real = performance.now;
    // Each step looks slow, so that the lint yields after its first one and asks whether it is stale.
    let clock = 0;
    performance.now = () => (clock += 100);
    try {
      await configs.lintInSlices(inputs, () => true);
    } finally {
      performance.now = real;
    }
    expect(configs.linted(inputs)).toBeNull();
  });
});
