/**
 * The keyword table against the real daemon: every keyword keepalived 2.2.7 accepts in global_defs,
 * vrrp_instance, vrrp_script and vrrp_sync_group must not be "Unknown keyword" here (a false warning),
 * and every keyword vrrpscope models must be one keepalived knows.
 *
 * Candidate words come from the strings in the keepalived binary. Strings whose tail the compiler
 * shares with a longer one (`interval` inside `vrrp_garp_interval`) are not found that way, so this
 * checks the table for false warnings without claiming it is complete.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import { hasKeepalived, keepalivedTest } from './helpers';

const BINARY = '/usr/sbin/keepalived';
type Context = 'global' | 'instance' | 'script' | 'sync';

function candidates(): string[] {
  const bytes = readFileSync(BINARY);
  const words = new Set<string>();
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0) continue;
    const len = i - start;
    if (len >= 3 && len <= 40) {
      const w = bytes.subarray(start, i).toString('latin1');
      if (/^[a-z][a-z0-9_]+$/.test(w) && !w.startsWith('include')) words.add(w);
    }
    start = i + 1;
  }
  return [...words].sort();
}

/** One block per word, so a block keyword given a value only spoils its own block. */
function probe(ctx: Context, words: string[], serial = 0): string {
  return words
    .map((w, i) => {
      const n = `${serial}_${i}`;
      if (ctx === 'global') return `global_defs {\n  ${w} 1\n}`;
      if (ctx === 'instance')
        return `vrrp_instance V${n} {\n  interface eth0\n  virtual_router_id ${(i % 255) + 1}\n  ${w} 1\n}`;
      if (ctx === 'script') return `vrrp_script s${n} {\n  script "/bin/true"\n  ${w} 1\n}`;
      return `vrrp_sync_group G${n} {\n  group {\n    V\n  }\n  ${w} 1\n}`;
    })
    .join('\n');
}

const unknownIn = (output: string) =>
  new Set([...output.matchAll(/Unknown keyword '([^']*)'/g)].map((m) => m[1]));

describe.skipIf(!hasKeepalived || !existsSync(BINARY))('keyword table vs keepalived 2.2.7', () => {
  const words = hasKeepalived && existsSync(BINARY) ? candidates() : [];
  for (const ctx of ['global', 'instance', 'script', 'sync'] as const) {
    it(`${ctx}: no false "Unknown keyword"`, () => {
      expect(words.length).toBeGreaterThan(500);
      const theirs = unknownIn(keepalivedTest(probe(ctx, words)).output);
      const knownByKeepalived = words.filter((w) => !theirs.has(w));
      expect(knownByKeepalived.length).toBeGreaterThan(2);
      const ours = unknownIn(
        parseConfig(probe(ctx, knownByKeepalived))
          .diagnostics.map((d) => d.message)
          .join('\n'),
      );
      expect([...ours].filter((w) => knownByKeepalived.includes(w))).toEqual([]);
    });
  }
  it('modelled instance and global keywords are keywords keepalived knows', () => {
    const modelled = {
      instance: [
        'state',
        'interface',
        'virtual_router_id',
        'priority',
        'advert_int',
        'version',
        'nopreempt',
        'preempt_delay',
        'track_script',
        'track_interface',
        'authentication',
        'unicast_ttl',
        'use_vmac',
        'garp_master_delay',
        'down_timer_adverts',
      ],
      global: [
        'router_id',
        'vrrp_version',
        'vrrp_strict',
        'script_user',
        'enable_script_security',
        'vrrp_garp_master_delay',
        'vrrp_mcast_group4',
        'vrrp_startup_delay',
      ],
    } as const;
    for (const [ctx, list] of Object.entries(modelled) as [Context, readonly string[]][]) {
      const theirs = unknownIn(keepalivedTest(probe(ctx, [...list])).output);
      expect(list.filter((w) => theirs.has(w))).toEqual([]);
    }
  });
});
