/**
 * keepalived logs: the real --log-console output of captures/evidence/, and lines written from the
 * published formats (docs/keepalived-outputs.md §1e) for the stamp forms and the 1.x dialect the
 * lab's keepalived 2.2.7 (Debian, no --enable-log-file, no syslog in the namespaces) cannot write.
 */
import { describe, expect, it } from 'vitest';
import { readLog } from '../../../src/lib/evidence/keepalived-log';
import { factOf } from '../../../src/lib/evidence/log-facts';
import { parseLogLine } from '../../../src/lib/evidence/log-line';
import { evidenceFile, text } from './samples';

const US = 1_000_000;
const epoch = (iso: string) => Date.parse(iso) * 1000;

describe('keepalived log lines', () => {
  it('reads the real --log-console log of the haproxy recording into its facts, in order', () => {
    const r = readLog(evidenceFile('haproxy', 'n1.log'), { file: 'n1.log' });
    expect(r.kind).toBe('keepalived-log');
    expect(r.form).toBe('console');
    expect(r.dialects).toEqual(['2.x']);
    const states = r.lines.entries().flatMap((e) => (e.fact?.kind === 'state' ? [e.fact.to] : []));
    expect(states).toEqual(['BACKUP', 'MASTER', 'BACKUP', 'MASTER']);
    const causes = r.lines.entries().flatMap((e) => (e.fact?.kind === 'cause' ? [e.fact.code] : []));
    expect(causes).toEqual([
      'script-recovered',
      'master-down-timer',
      'script-failed',
      'higher-priority',
      'script-recovered',
      'master-down-timer',
    ]);
    const eff = r.lines.entries().find((e) => e.fact?.kind === 'effective');
    expect(eff?.fact).toEqual({ kind: 'effective', instance: 'VI_50', from: 100, to: 98 });
    // Whole seconds, with the year: the console form.
    expect(
      r.lines
        .entries()
        .filter((e) => e.epochUs !== null)
        .every((e) => e.resolutionUs === US),
    ).toBe(true);
    expect(r.textLines).toBeGreaterThan(10);
    // The recorder's shell reported the SIGKILL of the node's holder into the same file at the end.
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.count])).toEqual([
      ['evidence.log-no-timestamp', 'info', 1],
    ]);
  });

  it('reads every stamp form to µs since the epoch with its resolution', () => {
    const msg = '(VI_1) Entering MASTER STATE';
    const cases: [string, number, number, string?][] = [
      [`Wed Nov 25 18:13:26 2026: ${msg}`, epoch('2026-11-25T18:13:26Z'), US],
      [`Wed Nov 25 18:13:26.123456789 2026: ${msg}`, epoch('2026-11-25T18:13:26Z') + 123456, 1],
      [`Nov 25 18:13:26 web1 Keepalived_vrrp[3021]: ${msg}`, epoch('2026-11-25T18:13:26Z'), US, 'web1'],
      [`<30>Nov  5 18:13:26 web1 Keepalived_vrrp[3021]: ${msg}`, epoch('2026-11-05T18:13:26Z'), US, 'web1'],
      [
        `Nov 25 18:13:26.123456 web1 Keepalived_vrrp[3021]: ${msg}`,
        epoch('2026-11-25T18:13:26Z') + 123456,
        1,
        'web1',
      ],
      [
        `2026-11-25T18:13:26+0100 web1 Keepalived_vrrp[3021]: ${msg}`,
        epoch('2026-11-25T17:13:26Z'),
        US,
        'web1',
      ],
      [
        `2026-11-25T18:13:26.123456+00:00 web1 Keepalived_vrrp[3021]: ${msg}`,
        epoch('2026-11-25T18:13:26Z') + 123456,
        1,
        'web1',
      ],
      [
        `<30>1 2026-11-25T18:13:26.5Z web1 Keepalived_vrrp 3021 - - ${msg}`,
        epoch('2026-11-25T18:13:26Z') + 500000,
        100000,
        'web1',
      ],
      [
        `{"__REALTIME_TIMESTAMP":"${epoch('2026-11-25T18:13:26Z') + 7}","_HOSTNAME":"web1","SYSLOG_IDENTIFIER":"Keepalived_vrrp","_PID":"3021","MESSAGE":"${msg}"}`,
        epoch('2026-11-25T18:13:26Z') + 7,
        1,
        'web1',
      ],
    ];
    for (const [line, t, res, host] of cases) {
      const r = readLog(text(line + '\n'), { year: 2026 });
      const e = r.lines.entries()[0];
      expect([line, e.epochUs, e.resolutionUs, e.host]).toEqual([line, t, res, host]);
      expect(e.fact).toEqual({ kind: 'state', instance: 'VI_1', to: 'MASTER', init: false });
    }
  });

  it('dates year-less syslog from the year given and rolls December into January', () => {
    const r = readLog(
      text(
        'Dec 31 23:59:59 web1 Keepalived_vrrp[1]: (VI_1) Receive advertisement timeout\nJan  1 00:00:01 web1 Keepalived_vrrp[1]: (VI_1) Entering MASTER STATE\n',
      ),
      { year: 2026 },
    );
    expect(r.yearless).toBe(true);
    expect(r.lines.entries().map((e) => e.epochUs)).toEqual([
      epoch('2026-12-31T23:59:59Z'),
      epoch('2027-01-01T00:00:01Z'),
    ]);
    expect(
      readLog(text('Dec 31 23:59:59 web1 Keepalived_vrrp[1]: x\n')).diagnostics.map((d) => d.code),
    ).toEqual(['evidence.log-no-year']);
  });

  it('keeps each host of a shared syslog file and tells the parent from the VRRP child', () => {
    const r = readLog(
      text(
        [
          'Jun 23 13:41:16 web1 Keepalived[3019]: Stopping',
          'Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: (VI_1) sent 0 priority',
          'Jun 23 13:41:16 web2 Keepalived_vrrp[4410]: (VI_1) Backup received priority 0 advertisement',
          'Jun 23 13:41:17 web2 Keepalived_vrrp[4410]: (VI_1) Entering MASTER STATE',
          'Jun 23 13:41:17 web2 kernel: [ 12.3] eth0: link up',
        ].join('\n'),
      ),
      { year: 2026 },
    );
    expect(r.hosts).toEqual(['web1', 'web2']);
    expect(r.lines.entries().map((e) => e.process)).toEqual(['parent', 'vrrp', 'vrrp', 'vrrp', 'other']);
    expect(r.lines.entries().map((e) => e.fact?.kind ?? null)).toEqual([
      'daemon',
      'sent-priority-zero',
      'cause',
      'state',
      null,
    ]);
  });

  it('reads the 1.x dialect, including the three-line rejection cluster', () => {
    const lines = [
      'VRRP_Instance(VI_1) Transition to MASTER STATE',
      'VRRP_Instance(VI_1) Entering MASTER STATE',
      'VRRP_Instance(VI_1) Received advert with lower priority 90, ours 100, forcing new election',
      '(VI_1): ip address associated with VRID 51 not present in MASTER advert : 10.0.0.9',
      'bogus VRRP packet received on eth0 !!!',
      'VRRP_Instance(VI_1) ignoring received advertisment...',
      'VRRP_Instance(VI_1) Received higher prio advert',
    ];
    const facts = lines.map((l) => factOf(l));
    expect(facts[0]).toEqual({ kind: 'state', instance: 'VI_1', to: 'MASTER', init: false, intent: true });
    expect(facts[1]).toEqual({ kind: 'state', instance: 'VI_1', to: 'MASTER', init: false });
    expect(facts[2]).toMatchObject({
      kind: 'cause',
      code: 'higher-priority',
      priority: { own: 100, other: 90 },
    });
    expect(facts[3]).toMatchObject({ kind: 'reject', instance: 'VI_1', reason: 'address-list' });
    expect(facts[4]).toMatchObject({ kind: 'reject', reason: 'bogus' });
    expect(facts[5]).toEqual({ kind: 'ignored', instance: 'VI_1' });
    expect(facts[6]).toBeNull();
    const r = readLog(text(lines.join('\n')));
    expect(r.dialects).toEqual(['1.x', '2.x']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['evidence.log-no-timestamp']);
    expect(r.diagnostics[0].at).toMatchObject({ line: 1, byteOffset: 0 });
  });

  it('reads the 2.x cause and rejection lines of keepalived 2.2.7', () => {
    const cases: [string, object][] = [
      [
        '(VI_1) Master received advert from 10.0.0.2 with higher priority 200, ours 150',
        { code: 'higher-priority', from: '10.0.0.2', priority: { own: 150, other: 200 } },
      ],
      [
        '(VI_1) Received advert from 10.0.0.2 with lower priority 100, ours 150, forcing new election',
        { code: 'higher-priority' },
      ],
      ['(VI_1): entering FAULT state (interface eth0 down)', { code: 'interface-down', subject: 'eth0' }],
      [
        '(VI_1): entering FAULT state due to script chk_haproxy',
        { code: 'script-failed', subject: 'chk_haproxy' },
      ],
      ['VRRP_Script(chk_haproxy) timed_out', { code: 'script-failed', subject: 'chk_haproxy' }],
      ['VRRP_Group(VG1) Syncing instances to MASTER state', { code: 'sync-group', subject: 'VG1' }],
      ["(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec", { reason: 'interval' }],
      ['(VI_1) TTL/HL 254 not in range 255 - 255', { reason: 'ttl' }],
      ['(VI_1) received an invalid passwd!', { reason: 'auth' }],
      ['(VI_1) Invalid VRRPv3 checksum', { reason: 'checksum' }],
      [
        '(VI_1) unicast source address 10.0.0.9 not a unicast peer',
        { reason: 'unicast-peer', from: '10.0.0.9' },
      ],
      [
        '(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.0.0.9',
        { reason: 'address-list' },
      ],
      ['Netlink reports eth0 down', { code: 'interface-down', subject: 'eth0' }],
    ];
    for (const [line, want] of cases)
      expect([line, factOf(line)]).toEqual([line, expect.objectContaining(want)]);
  });
  // factOf turns away lines by how facts begin before trying its patterns: every message-level
  // pattern must still be reached, and lines that only resemble one must stay text.
  it('reads every message-level fact past the quick test on how facts begin', () => {
    const cases: [string, object][] = [
      ['VRRP_Script(chk) succeeded', { code: 'script-recovered', subject: 'chk' }],
      ['VRRP_Group(VG1): Syncing VI_1 to BACKUP state', { code: 'sync-group', detail: 'BACKUP' }],
      ['Sending gratuitous ARP on eth0 for 10.0.0.200', { kind: 'garp', address: '10.0.0.200' }],
      ['Sending unsolicited Neighbour Advert on eth0 for fe80::200', { kind: 'garp', address: 'fe80::200' }],
      ['Assigned address 10.0.0.4 for interface eth0', { kind: 'address', address: '10.0.0.4' }],
      ['Netlink reports eth1 up', { code: 'interface-up', subject: 'eth1' }],
      ['Kernel is reporting: interface eth0 DOWN', { code: 'interface-down', subject: 'eth0' }],
      ['bogus VRRP packet received on eth0 !!!', { reason: 'bogus' }],
      ['VRRP_Instance(VI_1) bogus VRRP packet received on eth0 !!!', { reason: 'bogus', instance: 'VI_1' }],
      ['VRRP_Instance(VI_1) Entering MASTER STATE', { kind: 'state', to: 'MASTER' }],
      ['VRRP_Instance(VI_1): Transition to MASTER STATE', { kind: 'state', intent: true }],
      [
        '(VI_1): ip address associated with VRID 51 not present in received advert',
        { reason: 'address-list', instance: 'VI_1' },
      ],
      ['A thread timer expired 4.5 seconds ago', { kind: 'stalled', seconds: 4.5 }],
      ['Stopping', { kind: 'daemon', status: 'stopping' }],
      ['Stopped - used 0.1 user time', { kind: 'daemon', status: 'stopped' }],
      ['Stopped', { kind: 'daemon', status: 'stopped' }],
      ['Starting Keepalived v2.2.7 (01/16,2022)', { kind: 'daemon', status: 'starting' }],
      ['Starting VRRP child process, pid=12', { kind: 'daemon', status: 'starting' }],
    ];
    for (const [line, want] of cases)
      expect([line, factOf(line)]).toEqual([line, expect.objectContaining(want)]);
    for (const line of [
      'Netlink reflector reports IP 10.0.0.200 added',
      'VRRP sockpool: [ifindex(  2), family(IPv4), proto(112), fd(14,15)]',
      'Starting',
      'Sending ARP',
      ' (VI_1) Entering MASTER STATE',
      '',
    ])
      expect([line, factOf(line)]).toEqual([line, null]);
  });

  it('reads console lines from their bytes as the line parser reads each line on its own', () => {
    // Lines whose stamp repeats, moves by a second, a minute, an hour, crosses midnight (a new
    // weekday), carries an hour no clock shows, comes after a syslog priority or a CR, and messages
    // that are facts, that only begin like one, and that are text (with non-ASCII bytes).
    const lines = [
      'Sun Dec  6 23:58:59 2026: (VI_1) Entering BACKUP STATE (init)',
      'Sun Dec  6 23:58:59 2026: Netlink reflector reports IP 10.0.0.200 added',
      'Sun Dec  6 23:59:00 2026: VRRP sockpool: [ifindex(  2), family(IPv4)]',
      'Sun Dec  6 23:59:59 2026: (VI_1) Receive advertisement timeout',
      'Sun Dec  6 25:00:00 2026: (VI_1) Entering MASTER STATE',
      'Sun Dec  6 23:59:60 2026: Sending gratuitous ARP on eth0 for 10.0.0.200',
      'Mon Dec  7 00:00:00 2026: Starting VRRP child process, pid=12',
      'Mon Dec  7 00:00:01 2026: Stopping — vérifié\r',
      '<30>Mon Dec  7 00:00:02 2026: Stopped',
      'Mon Dec  7 00:00:02 2026: (VI_1) sent 0 priority',
      'Mon Dec  7 00:00:02.5 2026: A thread timer expired 4.5 seconds ago',
      'Mon Dec  7 00:00:02 2026: ',
    ];
    const r = readLog(text(lines.join('\n') + '\n'));
    const want = lines.map((l) => {
      // The reader drops the CR of a CRLF line end.
      const p = parseLogLine(l.replace(/\r$/, ''), 1970);
      return [p.stamp?.epochUs ?? null, p.message, factOf(p.message)?.kind ?? null];
    });
    expect(r.lines.entries().map((e) => [e.epochUs, e.text, e.fact?.kind ?? null])).toEqual(want);
    expect(r.lines.entries().map((e) => e.epochUs)).toContain(epoch('2026-12-07T00:00:00Z'));
  });
});
