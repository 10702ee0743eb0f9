import { describe, expect, it } from 'vitest';
import { looksLikeUcarp, parseUcarp } from '../../../src/lib/config/ucarp';

describe('ucarp command line (ucarp 1.5.2 getopt_long)', () => {
  it('reads the long options of a recording, defaults applied', () => {
    const r = parseUcarp(
      'ucarp --interface=eth0 --srcip=192.168.50.11 --vhid=7 --pass=s3cret --addr=192.168.50.100 --advbase=1 --advskew=100 --preempt',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      interface: 'eth0',
      srcip: '192.168.50.11',
      vhid: 7,
      pass: 's3cret',
      addr: '192.168.50.100',
      advbase: 1,
      advskew: 100,
      preempt: true,
      mcastip: '224.0.0.18',
      deadratio: 3,
      shutdown: false,
    });
  });

  it('reads short options bundled, attached and separate, values with spaces quoted, across lines', () => {
    const r = parseUcarp(
      "/usr/sbin/ucarp -i eth1 -s10.0.0.2 -v 9 \\\n  -p 'two words' -a 10.0.0.1 -Pzk 30 -b2 # the backup\n",
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      interface: 'eth1',
      srcip: '10.0.0.2',
      vhid: 9,
      pass: 'two words',
      addr: '10.0.0.1',
      preempt: true,
      shutdown: true,
      advskew: 30,
      advbase: 2,
    });
    expect(r.value.at.advskew).toMatchObject({ line: 2, col: 33 });
  });

  it('takes a long option by an unambiguous prefix and a separate value, as getopt_long', () => {
    const r = parseUcarp('ucarp --interf eth0 --src 1.2.3.4 --vh 3 --pass x --addr 1.2.3.5 --advs 0x10');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ interface: 'eth0', srcip: '1.2.3.4', vhid: 3, advskew: 16 });
  });

  it('refuses what ucarp refuses, with its own messages, each at the word it is about', () => {
    const r = parseUcarp('ucarp --vhid=0 --srcip=10.0.0 --adv=1 --bogus -q --pass=abcdefghijklmnopqrstu');
    expect(
      r.diagnostics.map((d) => [d.severity, d.message, (d.at as { col: number } | undefined)?.col]),
    ).toEqual([
      ['error', 'vhid must be between 1 and 255.', 7],
      ['error', 'Invalid address: [10.0.0]', 16],
      ['error', "option '--adv' is ambiguous (--advbase, --advskew): ucarp prints its usage and exits", 31],
      ['error', "unrecognized option '--bogus': ucarp prints its usage and exits", 39],
      ['error', "invalid option -- 'q': ucarp prints its usage and exits", 48],
      ['info', 'no --interface: ucarp uses the first interface libpcap finds', 1],
      // --srcip was given (and refused above), so ucarp never reaches "You must supply a persistent source address".
      ['error', 'You must supply a virtual host address', 1],
      ['error', 'Password too long (21 bytes; at most 19)', 50],
    ]);
  });

  it('keeps one byte of advbase and advskew, as ucarp does, with a warning', () => {
    const r = parseUcarp('ucarp -i e -s 1.1.1.1 -v 1 -p p -a 1.1.1.2 --advskew=300 --advbase=x');
    expect(r.value.advskew).toBe(44);
    expect(r.value.advbase).toBe(0);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['ucarp.wrapped', 'ucarp.not-a-number']);
  });

  it('missing values, unterminated quotes and stray words are diagnostics, never a throw', () => {
    for (const text of ['ucarp --vhid', "ucarp -p 'x", 'ucarp stray', '', '\\', '-', '--', '"', 'ucarp -'])
      expect(() => parseUcarp(text)).not.toThrow();
    expect(parseUcarp('ucarp --vhid').diagnostics[0].code).toBe('ucarp.missing-value');
    expect(parseUcarp("ucarp -p 'x").diagnostics[0].code).toBe('ucarp.unterminated-quote');
    expect(parseUcarp('ucarp stray -v 1').diagnostics[0]).toMatchObject({
      code: 'ucarp.extra-argument',
      severity: 'warning',
    });
  });

  it('tells a ucarp command line from a keepalived.conf and an FRR config', () => {
    expect(looksLikeUcarp('ucarp --vhid=1')).toBe(true);
    expect(looksLikeUcarp('sudo /usr/sbin/ucarp -v 1')).toBe(true);
    expect(looksLikeUcarp('--vhid=1 --addr=10.0.0.1')).toBe(true);
    expect(looksLikeUcarp('vrrp_instance VI_1 {\n  virtual_router_id 1\n}\n')).toBe(false);
    expect(looksLikeUcarp('interface eth0\n vrrp 5 version 3\n')).toBe(false);
  });
});
