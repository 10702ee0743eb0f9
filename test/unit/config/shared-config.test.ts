/**
 * One keepalived.conf shared by every node: `@id` / `@^id` lines and `$NAME` parameters expanded
 * per node as keepalived 2.2.7 does, compared with what the real daemon runs with for each config id
 * (its --dump-conf output, recorded by test/fixtures/conf/shared/record-dumps.sh) and with
 * `keepalived -t -i ID` on the same file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config/index';
import { readDataDump } from '../../../src/lib/evidence/dumps';

const DIR = join(import.meta.dirname, '../../fixtures/conf/shared');

describe('a shared config expanded per node', () => {
  for (const conf of readdirSync(DIR).filter((f) => f.endsWith('.conf')))
    for (const id of ['n1', 'n2'])
      it(`${conf} for config id ${id} is what keepalived runs`, () => {
        const text = readFileSync(join(DIR, conf), 'utf8');
        const ours = parseConfig(text, { file: conf, configId: id }).value.instances;
        const dump = readDataDump(
          new Uint8Array(readFileSync(join(DIR, conf.replace(/\.conf$/, `.${id}.dump`)))),
        ).instances;
        expect(ours.map((i) => i.name)).toEqual(dump.map((i) => i.name));
        ours.forEach((i, k) => {
          const d = dump[k];
          expect({
            vrid: i.vrid,
            priority: i.priority,
            nopreempt: !i.preempt,
            interface: i.interface,
            vips: i.vips.map((v) => v.address),
          }).toEqual({
            vrid: d.vrid,
            priority: d.basePriority,
            nopreempt: d.nopreempt,
            interface: d.interface,
            vips: d.vips,
          });
        });
        // Every message `keepalived -t -i ID` prints for the file is one of ours.
        const t = spawnSync('keepalived', ['-t', '-f', join(DIR, conf), '-i', id], {
          encoding: 'utf8',
          timeout: 20_000,
        });
        const theirs = t.stderr
          .split('\n')
          .map((l) => l.replace(/^\((?:[^)]*: )?Line \d+\) /, '').trim())
          .filter((l) => l.length > 0);
        const mine = parseConfig(text, { file: conf, configId: id }).diagnostics.map((d) => d.message);
        expect(theirs.length).toBeGreaterThan(0);
        for (const m of theirs) expect(mine).toContain(m);
      });

  it('the two nodes of the shared config differ exactly where its @ lines and parameters say', () => {
    const text = readFileSync(join(DIR, 'shared-node.conf'), 'utf8');
    const [a, b] = ['n1', 'n2'].map((id) => parseConfig(text, { configId: id }).value.instances[0]);
    expect([a.priority, a.preempt]).toEqual([100, true]);
    expect([b.priority, b.preempt]).toEqual([99, false]);
  });
});
