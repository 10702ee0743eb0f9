/**
 * Cross-check of classic pcap framing against pcap-parser (the parser the original design named;
 * kept as a devDependency only, see README "Capture analysis"): same records, timestamps, lengths
 * and bytes, for every classic pcap capture we have, in both byte orders.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/lib/pcap/reader';
import { bytesSource } from '../../../src/lib/pcap/source';
import { writePcap } from '../../../src/lib/pcap/writer';
import { malformedCaptures, referenceCaptures } from './capture-files';
import * as S from './synthetic-captures';

// pcap-parser is CommonJS without types: load it through createRequire.
const pcapp = createRequire(import.meta.url)('pcap-parser') as {
  parse(input: Readable): NodeJS.EventEmitter;
};

interface Rec {
  sec: number;
  usec: number;
  incl: number;
  orig: number;
  data: string;
}

function viaPcapParser(bytes: Uint8Array): Promise<{ records: Rec[]; error?: string }> {
  return new Promise((resolve) => {
    const records: Rec[] = [];
    const p = pcapp.parse(Readable.from([Buffer.from(bytes)]));
    p.on(
      'packet',
      (pk: {
        header: {
          timestampSeconds: number;
          timestampMicroseconds: number;
          capturedLength: number;
          originalLength: number;
        };
        data: Buffer;
      }) =>
        records.push({
          sec: pk.header.timestampSeconds,
          usec: pk.header.timestampMicroseconds,
          incl: pk.header.capturedLength,
          orig: pk.header.originalLength,
          data: pk.data.toString('hex'),
        }),
    );
    p.on('end', () => resolve({ records }));
    p.on('error', (e: Error) => resolve({ records, error: e.message }));
  });
}

function isNanosecond(bytes: Uint8Array): boolean {
  const m = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return m === 0xa1b23c4d || m === 0x4d3cb2a1;
}

async function viaReader(bytes: Uint8Array): Promise<Rec[]> {
  const out: Rec[] = [];
  await readCapture(bytesSource(bytes), (r) =>
    out.push({
      sec: Math.floor(r.tsUs / 1e6),
      usec: r.tsUs % 1e6,
      incl: r.data.length,
      orig: r.origLength,
      data: Buffer.from(r.data).toString('hex'),
    }),
  );
  return out;
}

const frames = [
  S.advert(),
  S.advert({ family: 'ipv6' }),
  S.garpFrame('02:00:00:00:00:05', '192.168.3.201'),
].map((data, i) => ({ tsUs: 1_795_627_444_000_000 + i * 123_457, data }));
const classic: [string, Uint8Array][] = [
  ...[...referenceCaptures(), ...malformedCaptures()]
    .filter((p) => /\.pcap$/.test(p))
    .map((p): [string, Uint8Array] => [basename(p), new Uint8Array(readFileSync(p))]),
  ['synthetic little-endian', writePcap(frames)],
  ['synthetic big-endian', writePcap(frames, { bigEndian: true })],
];

describe('classic pcap framing agrees with pcap-parser', () => {
  for (const [name, bytes] of classic) {
    it(name, async () => {
      const theirs = await viaPcapParser(bytes);
      if (isNanosecond(bytes)) {
        // pcap-parser knows only the µs magic: it refuses the file, which the reader reads.
        expect(theirs.error).toMatch(/magic/);
        expect((await viaReader(bytes)).length).toBeGreaterThan(0);
        return;
      }
      expect(theirs.error).toBeUndefined();
      expect(await viaReader(bytes)).toEqual(theirs.records);
    });
  }

  it('pcap-parser rejects nanosecond pcap, which the reader reads', async () => {
    const ns = writePcap(frames, { nanoseconds: true });
    expect((await viaPcapParser(ns)).error).toBeDefined();
    expect((await viaReader(ns)).map((r) => r.usec)).toEqual(frames.map((f) => f.tsUs % 1e6));
  });
});
