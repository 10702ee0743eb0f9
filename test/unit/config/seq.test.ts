/**
 * `~SEQ` loops read as keepalived 2.2.7 reads them (lib/parser.c add_seq()): the values, the text
 * repeated, and a positioned diagnostic with keepalived's own words for every malformed loop,
 * compared line by line with the real `keepalived -t` (skipped only when keepalived is not
 * installed). What the daemon runs with for a file of loops is compared with its --dump-conf output
 * in shared-config.test.ts (test/fixtures/conf/shared/seq.conf).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import { readSeq, strtol } from '../../../src/lib/config/seq';
import { hasKeepalived, keepalivedTest } from './helpers';

const same = (text: string) => ({ text, multiline: false });
const values = (line: string) => {
  const r = readSeq(line, same);
  return 'loop' in r ? r.loop.values : r.error;
};

describe('~SEQ values', () => {
  it('take one, two or three numbers (END; START, END; START, STEP, END)', () => {
    expect(values('~SEQ(i, 3) x')).toEqual(['1', '2', '3']);
    expect(values('~SEQ(i, 0) x')).toEqual(['1', '0']);
    expect(values('~SEQ(i, -2) x')).toEqual(['-1', '-2']);
    expect(values('~SEQ(i, 5, 3) x')).toEqual(['5', '4', '3']);
    expect(values('~SEQ(i, 20, -5, 10) x')).toEqual(['20', '15', '10']);
    expect(values('~SEQ(i, 1, 2, 6) x')).toEqual(['1', '3', '5']);
    expect(values('~SEQx(i, 9, 11) x')).toEqual(['9', 'a', 'b']);
  });
  it('read numbers as strtol(…, 0) does: hex, octal, nothing as 0', () => {
    expect(strtol(' 0x1f)', 0)).toEqual({ value: 31, end: 5 });
    expect(strtol('010', 0).value).toBe(8);
    expect(strtol('a)', 0)).toEqual({ value: 0, end: 0 });
    expect(values('~SEQ(i,) x')).toEqual(['1', '0']);
    // The character after the name is skipped whatever it is, as the C does.
    expect(values('~SEQ(i 1, 2) x')).toEqual(['0', '1', '2']);
  });
  it('keep the text after the ) and its blanks', () => {
    const r = readSeq('~SEQ(i, 2)   10.0.0.$i/24', same);
    expect('loop' in r && r.loop.text).toBe('10.0.0.$i/24');
  });
  it('stop at a bound instead of hanging on a huge loop', () => {
    const r = parseConfig('~SEQ(i, 1, 100000000) x\n~SEQ(i, 1, 3) y\n');
    expect(r.diagnostics.some((d) => d.code === 'config.seq-too-long' && d.at && 'line' in d.at)).toBe(true);
  });
});

describe('~SEQ lines', () => {
  const text = [
    'vrrp_instance VI_1 {',
    '  interface eth0',
    '  virtual_router_id 50',
    '  priority 100',
    '  virtual_ipaddress {',
    '~SEQ(i, 1, 3) 192.168.50.${i}/24   # three',
    '    ~SEQ(a, 2) ~SEQ(b, 2) 10.${a}.${b}.1',
    '~SEQ(i, 1) 192.168.55.$i/24',
    '~SEQ(bad)',
    '~SEQ(z, 1, 0, 3) 192.168.56.1',
    '~SEQ(z, a) 192.168.56.2',
    '~SEQx(z, -1, 2) 192.168.56.3',
    '~SEQUENCE(z, 2) 192.168.56.4',
    '~SEQ(z, 1, 2',
    '  }',
    '}',
    '',
  ].join('\n');
  const r = parseConfig(text, { file: 'k.conf' });

  it('repeat their text with the variable set, nested loops included', () => {
    expect(r.value.instances[0].vips.map((v) => v.address)).toEqual([
      '192.168.50.1',
      '192.168.50.2',
      '192.168.50.3',
      '10.1.1.1',
      '10.1.2.1',
      '10.2.1.1',
      '10.2.2.1',
    ]);
  });
  it('a bare $VAR before "/" is not replaced (keepalived: before a blank, ",", ")" or the end only)', () => {
    const d = r.diagnostics.find((x) => x.message.includes('192.168.55.$i/24'));
    expect(d?.at).toMatchObject({ line: 8 });
  });
  it('malformed loops are positioned diagnostics, never a crash', () => {
    const seq = r.diagnostics.filter((d) => d.code === 'config.seq-invalid');
    expect(seq.map((d) => (d.at && 'line' in d.at ? d.at.line : 0))).toEqual([
      9, 9, 10, 10, 11, 11, 12, 12, 13, 14, 14,
    ]);
  });
  it.skipIf(!hasKeepalived)('say what keepalived -t says, at the same lines', () => {
    const theirs = keepalivedTest(text)
      .output.split('\n')
      .map((l) => /^\(k\.conf: Line (\d+)\) (.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${m[1]}: ${m[2]}`);
    const mine = r.diagnostics
      .filter((d) => d.severity !== 'info' && d.at && 'line' in d.at)
      .map((d) => `${(d.at as { line: number }).line}: ${d.message}`);
    expect(theirs.length).toBeGreaterThan(10);
    for (const m of new Set(theirs)) expect(mine).toContain(m);
  });
});
