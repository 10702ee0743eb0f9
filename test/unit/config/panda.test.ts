/** The seed's two configs (docs/vrrp-behaviour.md §4.8) parse with no error and the model matches. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import { REPO_ROOT } from '../../shared-path';

export function fixture(name: string): string {
  return readFileSync(resolve(REPO_ROOT, 'test/fixtures/conf', name), 'utf8');
}

describe('Panda configs (§4.8)', () => {
  for (const [file, p200, p201] of [
    ['prod-haproxy-000.conf', 100, 99],
    ['prod-haproxy-001.conf', 99, 100],
  ] as const) {
    it(`${file} parses with no error and keepalived's defaults`, () => {
      const { value, diagnostics } = parseConfig(fixture(file), { file });
      expect(diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code)).toEqual([
        'config.script-security',
      ]);
      expect(value.scripts).toMatchObject([
        {
          name: 'chk_haproxy',
          script: 'killall -0 haproxy',
          intervalS: 2,
          timeoutS: 2,
          weight: -2,
          rise: 1,
          fall: 1,
        },
      ]);
      const byVrid = Object.fromEntries(value.instances.map((i) => [i.vrid, i]));
      for (const [vrid, prio] of [
        [200, p200],
        [201, p201],
      ]) {
        const inst = byVrid[vrid];
        expect(inst).toMatchObject({
          name: `192.168.3.${vrid}`,
          interface: 'eth2',
          state: 'MASTER',
          priority: prio,
          priorityGiven: true,
          version: 2,
          advertIntervalCs: 100,
          preempt: true,
        });
        expect(inst.vips).toMatchObject([{ address: `192.168.3.${vrid}`, prefix: 32, family: 'ipv4' }]);
        expect(inst.trackScripts).toMatchObject([{ name: 'chk_haproxy', weight: -2, reverse: false }]);
        expect(inst.garpMasterDelayS).toBe(5);
        expect(inst.garpMasterRepeat).toBe(5);
      }
    });
  }
});
