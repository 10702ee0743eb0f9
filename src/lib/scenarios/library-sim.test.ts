// Each library scenario parses without a config error and, simulated, shows what its summary claims.
import { describe, expect, it } from 'vitest';
import { SCENARIO_LIBRARY } from './index';
import { simulate } from '../sim';
import { FrameIndex } from '../trace/frame';
import { carpRouterKey, routerKey } from '../trace/types';

describe('scenario library under the simulator', () => {
  for (const entry of SCENARIO_LIBRARY) {
    it(`${entry.id}: ${entry.title}`, () => {
      const scenario = entry.build();
      const result = simulate(scenario, { untilUs: (scenario.duration ?? 60) * 1_000_000 });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const trace = result.value;
      const index = new FrameIndex(trace);
      for (const claim of entry.claims) {
        const frame = index.frameAt(claim.atS * 1_000_000);
        const key =
          claim.protocol === 'carp' ? carpRouterKey(claim.vrid) : routerKey(claim.family, claim.vrid);
        const masters = (frame.masters[key] ?? []).map(
          (id) => trace.instances.find((i) => i.id === id)?.node,
        );
        expect({ at: claim.atS, vrid: claim.vrid, masters: masters.sort() }, claim.why).toEqual({
          at: claim.atS,
          vrid: claim.vrid,
          masters: [...claim.masters].sort(),
        });
      }
    });
  }
});
