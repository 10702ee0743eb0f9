/**
 * State dumps and notify lines: the real SIGJSON / SIGUSR1 / SIGUSR2 dumps and notify FIFO log of
 * captures/evidence/, json_version 2 (the same items under "vrrp", as vrrp_json.c writes them) and
 * the older keepalived.data layout (docs/keepalived-outputs.md §1a, exporter fixture v1.3.5).
 */
import { describe, expect, it } from 'vitest';
import { readDataDump, readJsonDump, readStatsDump } from '../../../src/lib/evidence/dumps';
import { readNotify } from '../../../src/lib/evidence/notify';
import { decodeText } from '../../../src/lib/evidence/text';
import { evidenceFile, text } from './samples';

describe('keepalived state dumps', () => {
  it('reads the JSON dump taken after haproxy failed on n1 (json_version 1)', () => {
    const r = readJsonDump(evidenceFile('haproxy', 'n1-dump-fault.json'))!;
    expect(r.layout).toBe('1');
    expect(r.instances).toHaveLength(1);
    expect(r.instances[0]).toMatchObject({
      name: 'VI_50',
      state: 'BACKUP',
      vrid: 50,
      basePriority: 100,
      effectivePriority: 98,
      advertInterval: 1,
      vips: ['192.168.50.100'],
      stats: { becomeMaster: 1, releaseMaster: 1, addrListErr: 0 },
    });
    expect(r.instances[0].lastTransitionUs).toBe(1796591395301499);
  });

  it('reads json_version 2 (the array under "vrrp")', () => {
    const v1 = decodeText(evidenceFile('haproxy', 'n1-dump-fault.json'));
    const r = readJsonDump(text(`{"vrrp":${v1},"track_process":[]}`))!;
    expect(r.layout).toBe('2');
    expect(r.instances[0].effectivePriority).toBe(98);
    expect(readJsonDump(text('{"foo":1}'))).toBeNull();
    expect(readJsonDump(text('[{"data":{}}]'))!.diagnostics[0].code).toBe('evidence.json-item');
  });

  it('reads the 2.x keepalived.data: instance, scripts, interfaces, router id', () => {
    const r = readDataDump(evidenceFile('haproxy', 'n1-dump-fault.data'));
    expect(r.layout).toBe('2.x');
    expect(r.routerId).toBe('vm');
    expect(r.instances[0]).toMatchObject({
      name: 'VI_50',
      state: 'BACKUP',
      vrid: 50,
      version: 2,
      basePriority: 100,
      effectivePriority: 98,
      advertInterval: 1,
      nopreempt: false,
      vips: ['192.168.50.100'],
      masterRouter: '192.168.50.12',
      masterPriority: 99,
      sourceAddress: '192.168.50.11',
      scripts: [{ name: 'chk_haproxy', weight: -2 }],
    });
    expect(r.scriptStatus).toEqual({ chk_haproxy: 'BAD' });
    expect(r.interfaces.find((i) => i.name === 'eth0')).toEqual({
      name: 'eth0',
      mac: '02:00:00:00:50:11',
      address: '192.168.50.11',
    });
  });

  it('reads the older keepalived.data layout (no Wantstate, no effective priority)', () => {
    const old = [
      '------< VRRP Topology >------',
      ' VRRP Instance = VI_1',
      '   State = MASTER',
      '   Last transition = 1673674892 (Sat Jan 14 06:41:32 2023)',
      '   Listening device = eth0',
      '   Virtual Router ID = 51',
      '   Priority = 100',
      '   Advert interval = 1 sec',
      '   Preempt = enabled',
      '   Authentication type = SIMPLE_PASSWORD',
      '   Password = test',
      '   Virtual IP = 1',
      '     10.0.0.1/32 dev eth0 scope global',
    ].join('\n');
    const r = readDataDump(text(old));
    expect(r.layout).toBe('old');
    expect(r.instances[0]).toMatchObject({
      name: 'VI_1',
      state: 'MASTER',
      vrid: 51,
      basePriority: 100,
      effectivePriority: 100,
      vips: ['10.0.0.1'],
    });
  });

  it('reads keepalived.stats counters', () => {
    const r = readStatsDump(evidenceFile('haproxy', 'n1-dump-fault.stats'));
    expect(r.instances[0]).toMatchObject({
      name: 'VI_50',
      stats: {
        advertRcvd: 6,
        advertSent: 10,
        becomeMaster: 1,
        releaseMaster: 1,
        ttlErr: 0,
        addrListErr: 0,
        authFailure: 0,
        priZeroRcvd: 0,
      },
    });
    expect(r.diagnostics).toEqual([]);
  });
});

describe('notify FIFO lines', () => {
  it('reads the recorder FIFO log (epoch stamp and node name before each line)', () => {
    const r = readNotify(evidenceFile('haproxy', 'events.log'));
    expect(r.entries.map((e) => [e.node, e.name, e.state, e.priority])).toEqual([
      ['n1', 'VI_50', 'BACKUP', 100],
      ['n2', 'VI_50', 'BACKUP', 99],
      ['n1', 'VI_50', 'MASTER', 100],
      ['n2', 'VI_50', 'MASTER', 99],
      ['n1', 'VI_50', 'BACKUP', 98],
      ['n1', 'VI_50', 'MASTER', 100],
      ['n2', 'VI_50', 'BACKUP', 99],
    ]);
    expect(r.entries[0].epochUs).toBe(1796591382024385);
    // The recorder's own fault lines are no notify lines: kept as text, counted.
    expect(r.otherLines).toHaveLength(6);
  });

  it('reads bare FIFO lines (no time) and logger-stamped ones', () => {
    const r = readNotify(
      text(
        'INSTANCE "VI_1" MASTER 150\nGROUP "VG1" BACKUP 0\nJun 23 13:41:16 web1 notify: INSTANCE "VI_1" FAULT 0\n',
      ),
      { year: 2026 },
    );
    expect(r.entries.map((e) => [e.scope, e.name, e.state, e.epochUs === null])).toEqual([
      ['INSTANCE', 'VI_1', 'MASTER', true],
      ['GROUP', 'VG1', 'BACKUP', true],
      ['INSTANCE', 'VI_1', 'FAULT', false],
    ]);
    expect(r.entries[2].host).toBe('web1');
    expect(r.diagnostics[0]).toMatchObject({
      code: 'evidence.notify-no-timestamp',
      count: 2,
      at: { line: 1, byteOffset: 0 },
    });
  });
});
