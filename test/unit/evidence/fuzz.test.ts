/**
 * Random and mutated evidence never makes a reader throw or hang, and every diagnostic it gives
 * has a position inside the input (line ≥ 1, byte offset within the bytes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../../src/lib/evidence/detect';
import { readDataDump, readJsonDump, readStatsDump } from '../../../src/lib/evidence/dumps';
import { readLog } from '../../../src/lib/evidence/keepalived-log';
import { readNotify } from '../../../src/lib/evidence/notify';
import { tcpdumpCapture } from '../../../src/lib/evidence/tcpdump-frames';
import { readTcpdumpText } from '../../../src/lib/evidence/tcpdump-text';
import type { Diagnostic } from '../../../src/lib/trace/diagnostic';
import { evidenceFile, text } from './samples';

const SAMPLES = [
  evidenceFile('haproxy', 'n1.log'),
  evidenceFile('haproxy', 'events.log'),
  evidenceFile('haproxy', 'n1-dump-fault.json'),
  evidenceFile('haproxy', 'n1-dump-fault.data'),
  evidenceFile('haproxy', 'n1-dump-fault.stats'),
  evidenceFile('haproxy', 'switch.tcpdump-v.txt'),
  evidenceFile('haproxy', 'switch.tcpdump-e.txt'),
  text(
    'Jun 23 13:41:16 web1 Keepalived_vrrp[3021]: VRRP_Instance(VI_1) Transition to MASTER STATE\n<30>1 2026-11-25T18:13:26Z h p 1 - - (VI_1) Entering MASTER STATE\n',
  ),
];

function checkPositions(ds: Diagnostic[], bytes: Uint8Array): void {
  for (const d of ds) {
    expect(d.message.length).toBeGreaterThan(0);
    const at = d.at as { line?: number; byteOffset?: number } | undefined;
    if (at?.line !== undefined) expect(at.line).toBeGreaterThanOrEqual(1);
    if (at?.byteOffset !== undefined) expect(at.byteOffset).toBeLessThanOrEqual(bytes.length);
  }
}

function readAll(bytes: Uint8Array): void {
  detectKind(bytes);
  const log = readLog(bytes, { file: 'x' });
  checkPositions(log.diagnostics, bytes);
  checkPositions(readNotify(bytes).diagnostics, bytes);
  const j = readJsonDump(bytes);
  if (j) checkPositions(j.diagnostics, bytes);
  checkPositions(readDataDump(bytes).diagnostics, bytes);
  checkPositions(readStatsDump(bytes).diagnostics, bytes);
  const t = readTcpdumpText(bytes);
  checkPositions(t.diagnostics, bytes);
  tcpdumpCapture(t, 0);
}

/** A sample with some bytes replaced, a slice cut out, or lines repeated. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
    fc.nat(),
    fc.nat(),
  )
  .map(([s, flips, cutA, cutB]) => {
    const b = s.slice();
    for (const [at, v] of flips) b[at % b.length] = v;
    const a = cutA % b.length;
    const c = a + (cutB % Math.max(1, b.length - a));
    return new Uint8Array([...b.subarray(0, a), ...b.subarray(c)]);
  });

describe('evidence readers under random input', () => {
  it('random bytes and text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 2000 }).map(text)),
        (b) => readAll(b),
      ),
      { numRuns: 300 },
    );
  });

  it('mutated real logs, dumps, notify lines and tcpdump text', () => {
    fc.assert(
      fc.property(mutated, (b) => readAll(b)),
      { numRuns: 300 },
    );
  });

  it('lines built from the grammar the readers look for', () => {
    const piece = fc.constantFrom(
      'IP ',
      'IP6 ',
      '(',
      ')',
      ' > ',
      ': ',
      'VRRPv2, Advertisement, vrid ',
      ', prio ',
      'intvl 1s',
      'addrs(2): ',
      ',',
      '192.168.1.1',
      'fe80::1',
      'ARP, Request who-has ',
      ' tell ',
      '02:00:00:00:50:11',
      'Jun 23 13:41:16 ',
      'Wed Nov 25 18:13:26 2026: ',
      '(VI_1) ',
      'VRRP_Instance(VI_1) ',
      'Entering MASTER STATE',
      'INSTANCE "VI_1" MASTER 150',
      '{',
      '}',
      '"MESSAGE":',
      '\n',
      '    ',
      '------< VRRP Topology >------',
      ' VRRP Instance = X',
      '   Virtual IP (1):',
      'VRRP Instance: X',
      '  Advertisements:',
      '999999999999',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 200 }).map((p) => text(p.join(''))),
        (b) => readAll(b),
      ),
      { numRuns: 300 },
    );
  });

  it('a long hostile tcpdump line is read in linear time', () => {
    const line = 'IP (' + '(a)'.repeat(20000) + ' x';
    const t0 = performance.now();
    readTcpdumpText(text(line));
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
