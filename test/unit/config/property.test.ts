/**
 * fast-check properties: random and mutated configs never make the parser, printer or lint throw; every
 * diagnostic and finding points inside the text; printing round-trips whatever was parsed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintScenario, parseConfig, printConfig } from '../../../src/lib/config';
import type { Diagnostic } from '../../../src/lib/trace/diagnostic';
import { isTextPosition } from '../../../src/lib/trace/diagnostic';
import { sharedPath } from '../../shared-path';
import { fixture } from './helpers';
import { meaning } from './roundtrip';

/** True when the diagnostic's span lies inside `text` (1-based lines, endCol exclusive). */
function inside(d: Diagnostic, text: string): boolean {
  if (!isTextPosition(d.at)) return false;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const { line, col, endLine, endCol } = d.at;
  const len = (n: number) => lines[n - 1]?.length ?? -1;
  if (line < 1 || endLine < line || endLine > lines.length) return false;
  if (col < 1 || col > len(line) + 1 || endCol < 1 || endCol > len(endLine) + 1) return false;
  return endLine > line || endCol > col;
}

const word = fc.constantFrom(
  'vrrp_instance',
  'vrrp_script',
  'vrrp_sync_group',
  'global_defs',
  'virtual_server',
  'state',
  'MASTER',
  'BACKUP',
  'master',
  'priority',
  'interface',
  'eth0',
  'eth2',
  'virtual_router_id',
  'advert_int',
  'version',
  'virtual_ipaddress',
  'track_script',
  'track_interface',
  'weight',
  'reverse',
  'chk',
  'script',
  'interval',
  'fall',
  'rise',
  'nopreempt',
  'preempt_delay',
  'authentication',
  'auth_type',
  'PASS',
  'AH',
  'auth_pass',
  'unicast_peer',
  'unicast_ttl',
  'unicast_src_ip',
  'group',
  'VI_1',
  'VI_2',
  '10.0.0.1',
  '10.0.0.1/24',
  'fe80::1',
  '2001:db8::/64',
  '0',
  '1',
  '2',
  '3',
  '-2',
  '99',
  '100',
  '255',
  '256',
  '0.125',
  '1.5',
  '300',
  'abc',
  'include',
  'vrrp_strict',
  'sync_group_tracking_weight',
  'notify_master',
  '"/bin/true x"',
  '"unterminated',
  '@id',
  '@^id',
  '$X=1',
  '\\#',
  'dev',
  'label',
  'no_track',
  '{',
  '}',
  '#',
  '!',
  '',
);
const line = fc.array(word, { maxLength: 6 }).map((ws) => ws.join(' '));
const randomText = fc.array(line, { maxLength: 40 }).map((ls) => ls.join('\n'));

const samples = [
  fixture('prod-haproxy-000.conf'),
  fixture('prod-haproxy-001.conf'),
  ...readdirSync(sharedPath('configs/keepalived-samples')).map((n) =>
    readFileSync(sharedPath('configs/keepalived-samples', n), 'utf8'),
  ),
];

/** Cuts, inserts, duplicates and swaps text in a real config. */
const mutated = fc
  .tuple(
    fc.nat({ max: samples.length - 1 }),
    fc.array(
      fc.tuple(
        fc.constantFrom('delete', 'insert', 'dup-line', 'swap-lines'),
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.string({
          unit: fc.constantFrom('{', '}', '"', '#', '!', '\n', ' ', 'x', '1', '\\', '\r', '\t', '@', '$'),
          maxLength: 8,
        }),
      ),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([i, ops]) => {
    let t = samples[i];
    for (const [op, at, n, s] of ops) {
      const p = t.length ? at % t.length : 0;
      if (op === 'delete') t = t.slice(0, p) + t.slice(p + n);
      else if (op === 'insert') t = t.slice(0, p) + s + t.slice(p);
      else {
        const ls = t.split('\n');
        const a = at % ls.length;
        const b = (at + n) % ls.length;
        if (op === 'dup-line') ls.splice(a, 0, ls[a]);
        else [ls[a], ls[b]] = [ls[b], ls[a]];
        t = ls.join('\n');
      }
    }
    return t;
  });

/** Well-formed blocks with random (often out-of-range) values: exercises completion and printing. */
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const num = fc.constantFrom(
  '0',
  '1',
  '2',
  '3',
  '50',
  '99',
  '100',
  '254',
  '255',
  '256',
  '-2',
  '1.5',
  '0.125',
  'x',
);
const instanceBlock = fc
  .record({
    name: fc.constantFrom('VI_1', 'VI_2', 'VI_3'),
    state: opt(fc.constantFrom('MASTER', 'BACKUP', 'master')),
    iface: opt(fc.constantFrom('eth0', 'eth1', 'lo')),
    vrid: opt(num),
    prio: opt(num),
    advert: opt(num),
    version: opt(fc.constantFrom('2', '3', '4')),
    vips: fc.array(
      fc.constantFrom('10.0.0.1', '10.0.0.2/24 dev eth1', 'fe80::1', '192.168.3.200 label eth0:1', 'bad'),
      { maxLength: 3 },
    ),
    nopreempt: fc.boolean(),
    delay: opt(num),
    track: fc.array(
      fc.constantFrom('chk', 'chk weight -2', 'chk weight 254', 'nochk', 'chk weight 5 reverse'),
      { maxLength: 2 },
    ),
    ifs: fc.array(fc.constantFrom('eth1', 'eth2 weight -10', 'eth0'), { maxLength: 2 }),
    auth: opt(fc.constantFrom('PASS secret12345', 'AH x', 'pass y')),
    peers: fc.array(fc.constantFrom('10.0.0.8', '10.0.0.9', 'fe80::9'), { maxLength: 2 }),
    ttl: opt(num),
  })
  .map((i) => {
    const l = [`vrrp_instance ${i.name} {`];
    const kv: [string, string | undefined][] = [
      ['state', i.state],
      ['interface', i.iface],
      ['virtual_router_id', i.vrid],
      ['priority', i.prio],
      ['advert_int', i.advert],
      ['version', i.version],
      ['preempt_delay', i.delay],
      ['unicast_ttl', i.ttl],
    ];
    for (const [k, v] of kv) if (v !== undefined) l.push(`  ${k} ${v}`);
    if (i.nopreempt) l.push('  nopreempt');
    const blk = (k: string, items: string[]) =>
      items.length && l.push(`  ${k} {`, ...items.map((x) => `    ${x}`), '  }');
    blk('virtual_ipaddress', i.vips);
    blk('track_script', i.track);
    blk('track_interface', i.ifs);
    blk('unicast_peer', i.peers);
    if (i.auth)
      l.push(
        '  authentication {',
        `    auth_type ${i.auth.split(' ')[0]}`,
        `    auth_pass ${i.auth.split(' ')[1]}`,
        '  }',
      );
    return [...l, '}'].join('\n');
  });
const structured = fc
  .tuple(
    fc.option(fc.constantFrom('vrrp_version 3', 'vrrp_strict', 'router_id r1', 'enable_script_security')),
    fc.option(fc.constantFrom('weight -2', 'weight 300', 'weight 10 reverse', 'rise 0')),
    fc.array(instanceBlock, { maxLength: 4 }),
    fc.option(fc.constantFrom('VI_1 VI_2', 'VI_1', 'VI_9')),
  )
  .map(([g, w, insts, sg]) =>
    [
      g ? `global_defs {\n  ${g}\n}` : '',
      w ? `vrrp_script chk {\n  script "pidof x"\n  ${w}\n}` : '',
      sg ? `vrrp_sync_group G {\n  group {\n    ${sg}\n  }\n}` : '',
      ...insts,
    ].join('\n'),
  );

/** More runs on demand: PROPERTY_RUNS=20000 npx vitest run test/unit/config/property.test.ts */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);

function check(text: string): void {
  const r = parseConfig(text, { file: 'x.conf' });
  for (const d of r.diagnostics)
    expect(inside(d, text), `${JSON.stringify(d)} in ${JSON.stringify(text)}`).toBe(true);
  const { findings } = lintScenario([
    { node: 'a', config: r.value, diagnostics: r.diagnostics },
    { node: 'b', config: r.value },
  ]);
  for (const f of findings) expect(inside(f, text), JSON.stringify(f)).toBe(true);
  const again = parseConfig(printConfig(r.value));
  expect(meaning(again.value)).toEqual(meaning(r.value));
}

describe('properties', () => {
  it('random token soup: no throw, positions inside, round trip', () => {
    fc.assert(fc.property(randomText, check), { numRuns: RUNS });
  });
  it('mutated real configs: no throw, positions inside, round trip', () => {
    fc.assert(fc.property(mutated, check), { numRuns: RUNS });
  });
  it('structured configs with random values: no throw, positions inside, round trip', () => {
    fc.assert(fc.property(structured, check), { numRuns: RUNS });
  });
  it('arbitrary unicode strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = parseConfig(text);
        for (const d of r.diagnostics) expect(inside(d, text)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
  // Found by the token soup: a parameter whose value holds words made an include's position run
  // past the line as written.
  it('pinned: an include line whose $parameter expands to more words', () => {
    check('$X=1 vrrp_instance\ninclude $X=1');
  });
});
