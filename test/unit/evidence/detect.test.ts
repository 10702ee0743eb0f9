import { describe, expect, it } from 'vitest';
import { detectKind } from '../../../src/lib/evidence/detect';
import { evidenceFile, evidenceFiles, recordings, text } from './samples';

/** What each recorded file is; detection sees only the bytes. */
function expected(name: string): string | null {
  if (name.endsWith('.pcap')) return 'pcap';
  if (name.endsWith('.json')) return name === 'truth.json' ? null : 'keepalived-json';
  if (name.endsWith('.data')) return 'keepalived-data';
  if (name.endsWith('.stats')) return 'keepalived-stats';
  if (name.endsWith('.conf')) return 'keepalived-conf';
  if (name.endsWith('.log')) return name === 'events.log' ? 'notify-fifo' : 'keepalived-log';
  if (name.endsWith('.txt')) return 'tcpdump-text';
  return null;
}

describe('evidence kinds are recognised from content', () => {
  for (const r of recordings())
    it(`every file of the ${r} recording`, () => {
      for (const f of evidenceFiles(r)) expect([f, detectKind(evidenceFile(r, f))]).toEqual([f, expected(f)]);
    });

  it('syslog, journal, hosts and other text', () => {
    expect(
      detectKind(text('Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: (VI_1) Entering MASTER STATE\n')),
    ).toBe('syslog');
    expect(
      detectKind(
        text(
          '<30>1 2026-11-25T18:13:26.123456+00:00 web1 Keepalived_vrrp 3021 - - (VI_1) Entering MASTER STATE\n',
        ),
      ),
    ).toBe('syslog');
    expect(
      detectKind(
        text(
          '{"__REALTIME_TIMESTAMP":"1796591381696677","_HOSTNAME":"web1","SYSLOG_IDENTIFIER":"Keepalived_vrrp","MESSAGE":"(VI_1) Entering MASTER STATE"}\n',
        ),
      ),
    ).toBe('journal');
    expect(detectKind(text('127.0.0.1 localhost\n192.168.3.200 prod-db-internal.panda.com\n'))).toBe('hosts');
    expect(
      detectKind(
        text('VRRP_Instance(VI_1) Transition to MASTER STATE\nVRRP_Instance(VI_1) Entering MASTER STATE\n'),
      ),
    ).toBe('keepalived-log');
    expect(detectKind(text('INSTANCE "VI_1" MASTER 150\nGROUP "VG1" BACKUP 0\n'))).toBe('notify-fifo');
    expect(detectKind(text('hello world\n'))).toBeNull();
    expect(detectKind(new Uint8Array([0, 1, 2, 3, 0, 0]))).toBeNull();
    expect(detectKind(new Uint8Array())).toBeNull();
  });
});
