/**
 * `~LST` loops and multi-line definitions read as keepalived 2.2.7 reads them (lib/parser.c
 * add_lst(), check_definition(), replace_param(), read_line()). Each case is written as top-level
 * words, so that keepalived -t names every line its reader produced ("Unknown keyword 'w_a'", at the
 * line it reads from): the messages and their lines must be exactly ours, case by case (skipped only
 * when keepalived is not installed). What the daemon runs with is compared with its --dump-conf output
 * in shared-config.test.ts (test/fixtures/conf/shared/lst.conf and multiline.conf).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import { readLst } from '../../../src/lib/config/lst';
import { MAX_SEQ_VALUES } from '../../../src/lib/config/seq';
import { hasKeepalived, keepalivedTest } from './helpers';

const sets = (line: string) => {
  const r = readLst(line);
  return 'loop' in r ? [r.loop.params, ...r.loop.sets] : r.error;
};

describe('~LST values', () => {
  it('one variable and a value per pass, or {variables} and {values} per pass', () => {
    expect(sets('~LST(i, a, b, c) x')).toEqual([['i'], ['a'], ['b'], ['c']]);
    expect(sets('~LST({a, b}, {1,2},{3, 4} , { 5 ,6}) x')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });
  it('missing values are empty; one too many is refused with its own message', () => {
    expect(sets('~LST({a, b, c}, {1}, 2) x')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['2', '', ''],
    ]);
    expect(sets('~LST(e, , x,) x')).toEqual([['e'], [''], ['x'], ['']]);
    expect(sets('~LST({a, b}, {1,2,3}) x')).toBe(
      "~LST specification has too many values '~LST({a, b}, {1,2,3}) x'",
    );
    expect(sets('~LST(a, {1, 2}) x')).toBe("~LST specification has too many values '~LST(a, {1, 2}) x'");
  });
  it('anything else unexpected, the end of the line included, is only invalid', () => {
    for (const bad of [
      '~LST(z) x',
      '~LST(a, 1 x',
      '~LSTX(a, 1) x',
      '~LST a, 1) x',
      '~LST({a, b}, {1,2) x',
      '~LST(a, ${B}) x',
    ])
      expect(sets(bad)).toBeNull();
  });
  it('keep the text after the ) and its blanks, and take the values as written', () => {
    const r = readLst('~LST(v, $A)   w_$v');
    expect('loop' in r && [r.loop.sets, r.loop.text]).toEqual([[['$A']], 'w_$v']);
  });
});

/** Each case: lines of a config whose every produced line is an unknown top-level keyword. */
const cases: Record<string, string[]> = {
  'plain values': ['~LST(i, a, b, c) w_$i', 'w_after_$i', '~LST (i, d) w_$i # comment', '~LST(i,e,f)w_$i'],
  'value sets': [
    '~LST({a, b}, {1,2},{3, 4} , { 5 ,6}) w_${a}_${b}',
    '~LST({a, b, c}, {1}, {2, 3}, 4) w_${a}_${b}_${c}',
  ],
  'empty values and a trailing comma': [
    '~LST(e, , x) w_${e}_',
    '~LST(a, 1,) w_${a}_',
    '~LST(, a) w_empty_name',
  ],
  nested: [
    '~LST(x, 1, 2) ~LST(y, 7, 8) w_${x}_${y}',
    '~LST({p, q}, {3,1},{4,2}) ~SEQ(r, 1, 2) w_${p}_${q}_${r}',
    '~SEQ(s, 1, 2) ~LST(t, 5, 6) w_${t}_$s',
  ],
  'values replaced when used, a loop from a definition, @ lines': [
    '$A=a1',
    '~LST(v, $A, x) w_$v',
    '$L=~LST(h, 5, 6) w_$h',
    '$L',
    '@k1 ~LST(c, 1) w_$c',
    '@^k1 ~LST(c, 2, 3) w_$c',
    '~LST(i, a, b)',
  ],
  'invalid ~LST lines': [
    '~LST(z) w',
    '~LST() w',
    '~LST({a, b}, {1,2,3}) w',
    '~LST(a, {1, 2}) w',
    '~LST(a, 1 w',
    '~LSTX(a, 1) w',
    '~LST a, 1) w',
    '~LST({a, b}, {1,2) w',
    '~LST({a b}, 1) w',
    '~LST(i, a b) w',
    '~LST(v, ${A}) w',
  ],
  'multi-line definitions': ['$M=\\', '  m1 \\', '  m2', '$M', 'x ${M}', '$M y', '$N=n0 \\', 'n1', '$N'],
  'nested multi-line definitions': ['$A=\\', 'a1 \\', '$B \\', 'a2', '$B=\\', 'b1 \\', 'b2', '$A'],
  'a multi-line definition in a loop, a loop in one': [
    '$C=\\',
    'c_$i \\',
    'd_$i',
    '~LST(i, 1, 2) $C',
    '$D=\\',
    '~LST(j, 1, 2) e_$j \\',
    'f',
    '$D',
    '$N=\\',
    '~LST(j, 7, 8) g_$j \\',
    'h_${k}',
    '~LST(k, 1, 2) $N',
  ],
  'definitions in a multi-line definition, and definitions of definitions': [
    '$E=\\',
    '$V=7 \\',
    'g_$V',
    '$E',
    '$X=${Y}_x',
    '$Y=y',
    'w_$X',
    '$Y=z',
    'w_$X',
  ],
  'what ends a multi-line definition': [
    '$F=\\',
    'f1 \\',
    '',
    'f2',
    '$F',
    '$G=\\',
    '',
    'w_${G}x',
    '$H=\\',
    'h1 \\',
    '   \\',
    '  # comment',
    'h2',
    '$H',
  ],
  'a multi-line definition in ~SEQ numbers': ['$M=\\', '1 \\', '2', '~SEQ(i, $M) w_$i', '~SEQ(i, ${M}) w_$i'],
};

describe('~LST lines and multi-line definitions', () => {
  for (const [name, lines] of Object.entries(cases)) {
    const text = `${lines.join('\n')}\n`;
    const mine = parseConfig(text, { file: 'k.conf' })
      .diagnostics.filter((d) => d.severity !== 'info')
      .map((d) => `${d.at && 'line' in d.at ? d.at.line : 0}: ${d.message}`);

    it(`${name}: every message is positioned, never a crash`, () => {
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((m) => !m.startsWith('0:'))).toBe(true);
    });
    it.skipIf(!hasKeepalived)(`${name}: keepalived -t says the same, at the same lines`, () => {
      // Each of keepalived's child processes prints the same list: ours, as many times.
      const theirs = keepalivedTest(text)
        .output.split('\n')
        .map((l) => /^\(k\.conf: Line (\d+)\) (.*)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => `${m[1]}: ${m[2]}`);
      const copies = theirs.length / mine.length;
      expect(copies).toBeGreaterThanOrEqual(1);
      expect(theirs.sort()).toEqual(mine.flatMap((m) => Array<string>(copies).fill(m)).sort());
    });
  }
});

describe('bounds', () => {
  it('nested loops stop at the bound on produced lines, with a warning, instead of hanging', () => {
    const r = parseConfig('~LST(a, 1, 2) ~SEQ(b, 1, 100000) ~SEQ(c, 1, 100000) w\nlast_line\n');
    expect(r.diagnostics.filter((d) => d.code === 'config.seq-too-long').length).toBeGreaterThan(0);
    expect(r.diagnostics.filter((d) => d.message === "Unknown keyword 'w'").length).toBeLessThanOrEqual(
      MAX_SEQ_VALUES,
    );
    expect(r.diagnostics.some((d) => d.message === "Unknown keyword 'last_line'")).toBe(true);
  });
  it('a multi-line definition that uses itself stops at the same bound (keepalived loops for ever)', () => {
    const r = parseConfig('$R=\\\nr1 \\\n$R\n$R\nlast_line\n');
    expect(r.diagnostics.some((d) => d.code === 'config.seq-too-long' && d.at && 'line' in d.at)).toBe(true);
    expect(r.diagnostics.some((d) => d.message === "Unknown keyword 'last_line'")).toBe(true);
  });
  it('a definition that contains itself stops with a warning at its line (keepalived loops for ever)', () => {
    const r = parseConfig('$A=${A}\nw $A\n$B=$C\n$C=$B\nw2 $B\n');
    const loops = r.diagnostics.filter((d) => d.code === 'config.param-loop');
    expect(loops.map((d) => (d.at && 'line' in d.at ? d.at.line : 0))).toEqual([2, 5]);
  });
  it("a definition growing past the line length gets keepalived's message", () => {
    const r = parseConfig('$A=x${A}\nw $A\n');
    expect(r.diagnostics.find((d) => d.code === 'config.param-too-long')?.message).toMatch(
      /^Parameter substitution on line 'w x+\$\{A\}' would exceed maximum line length$/,
    );
  });
});
