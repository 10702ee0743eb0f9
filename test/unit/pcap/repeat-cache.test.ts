/**
 * The indexer's repeat cache (lib/analysis/repeat-cache.ts) indexes a repeated advert by comparing
 * its bytes with one decoded before. Its rows must be exactly what decoding the frame afresh gives:
 * each frame of a capture is indexed once in the stream (cache warm) and once by an indexer that
 * never saw another frame (cache empty, the full decoder), and the rows are compared column by
 * column, interned ids by their bytes. The captures include near-repeats: adverts with one byte
 * changed (priority, checksum, TTL, IP id, VIP) and the same frames behind other link layers.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/analysis/index';
import { Indexer } from '../../../src/lib/analysis/indexer';
import * as P from '../../../src/lib/analysis/packet-index';
import { DiagnosticSink } from '../../../src/lib/pcap/diagnostics';
import { readCapture, type CaptureRecord } from '../../../src/lib/pcap/reader';
import { bytesSource, type ByteSource } from '../../../src/lib/pcap/source';
import { writePcap, type WriteFrame } from '../../../src/lib/pcap/writer';
import { encodeAdvert } from '../../../src/lib/vrrp/advert';
import { advertFrame } from '../../../src/lib/vrrp/wire';
import { referenceCaptures } from './capture-files';

type Row = Record<string, number | string>;

/** Row `i` of `ix` with interned ids replaced by their bytes (ids differ between indexers). */
function rowOf(x: Indexer, i: number): Row {
  const ix = x.index;
  const row: Row = {};
  for (const name of P.COLUMNS) row[name] = ix[name][i];
  row.source = x.endpoints.bytes(ix.source[i]).join('.');
  if (ix.kind[i] === P.KIND_VRRP) {
    row.vips = x.vipSets.bytes(ix.vips[i]).join('.');
    row.auth = ix.flags[i] & P.FLAG_V3 ? 0 : x.auths.bytes(ix.auth[i]).join('.');
  }
  return row;
}

/** A source over `bytes` read in chunks of `chunkBytes` into the reader's buffers (as a file is). */
function chunkedSource(bytes: Uint8Array, chunkBytes: number): ByteSource {
  return {
    ...bytesSource(bytes),
    chunkBytes,
    readInto: async (offset, target) => {
      const part = bytes.subarray(offset, offset + target.length);
      target.set(part);
      return part.length;
    },
  };
}

/**
 * Every record's row (or null), indexed in one stream and each on its own. `inMemory`: the stream
 * reads into the repeat cache's compare memory (frame-compare.ts) in small chunks, so its repeats
 * are compared in WebAssembly; `compared` counts the records that lay there.
 */
async function bothWays(
  bytes: Uint8Array,
  inMemory = false,
): Promise<{ stream: (Row | null)[]; alone: (Row | null)[]; compared: number }> {
  const stream: (Row | null)[] = [];
  const alone: (Row | null)[] = [];
  const streamed = new Indexer(new DiagnosticSink(), 0, 1024, (_ix, i) => {
    stream[streamed.index.frame[i]] = rowOf(streamed, i);
  });
  const chunk = 512;
  const source = inMemory ? chunkedSource(bytes, chunk) : bytesSource(bytes);
  const pools = inMemory ? streamed.readPools(source) : [];
  let compared = 0;
  await readCapture(
    source,
    (r: CaptureRecord) => {
      if (pools.length > 0 && r.buf.buffer === pools[0].buffer) compared++;
      stream[r.packetIndex] ??= null;
      streamed.add(r);
      const fresh = new Indexer(new DiagnosticSink(), 0, 16, (_ix, i) => {
        const row = rowOf(fresh, i);
        // The fresh indexer's first row time is 0; the stream's counts from its first packet.
        row.tUs = NaN;
        alone[r.packetIndex] = row;
      });
      fresh.firstTsUs = 0;
      alone[r.packetIndex] ??= null;
      fresh.add(r);
    },
    { pools },
  );
  for (const row of stream) if (row) row.tUs = NaN;
  return { stream, alone, compared };
}

const advert = (vrid: number, priority: number, src: string, v6 = false) =>
  advertFrame({
    family: v6 ? 'ipv6' : 'ipv4',
    srcMac: `02:00:00:00:01:${vrid.toString(16).padStart(2, '0')}`,
    src,
    dst: v6 ? 'ff02::12' : '224.0.0.18',
    vrrp: encodeAdvert({
      version: v6 ? 3 : 2,
      family: v6 ? 'ipv6' : 'ipv4',
      vrid,
      priority,
      advertIntervalCs: 100,
      addresses: [v6 ? 'fe80::200' : '10.0.0.200'],
      src,
      dst: v6 ? 'ff02::12' : '224.0.0.18',
    }),
  });

/** Adverts repeated with one byte changed here and there: each change must miss the cache. */
function nearRepeats(): Uint8Array {
  const v4 = advert(7, 100, '10.0.0.4');
  const v6 = advert(9, 100, 'fe80::4', true);
  const frames: WriteFrame[] = [];
  let t = 1_700_000_000_000_000;
  const at = (f: Uint8Array, k: number, value: number) => {
    const g = f.slice();
    g[k] = value;
    return g;
  };
  for (let n = 0; n < 4; n++)
    for (const f of [
      v4,
      at(v4, 18, n), // IPv4 id: a repeat
      at(v4, 24, n), // IPv4 header checksum: a repeat
      at(v4, 20, 0x20), // more fragments: next to the id, not part of the mask
      at(v4, 22, 64 + n), // TTL
      at(v4, 36, 90 + n), // VRRP priority (checksum now bad)
      at(v4, 40, n), // VRRP checksum
      at(v4, 45, 201 + n), // the VIP
      v6,
      at(v6, 21, 64 + n), // hop limit
      at(v6, 56, 90 + n), // priority
      v4.subarray(0, 40 + n), // cut by the snap length
    ])
      frames.push({ tsUs: (t += 1000), data: f });
  return writePcap(frames);
}

describe('a repeat indexed from the cache has the row a fresh decode gives', () => {
  it('near-repeats of IPv4 and IPv6 adverts', async () => {
    const { stream, alone } = await bothWays(nearRepeats());
    expect(stream.filter((r) => r !== null).length).toBeGreaterThan(30);
    expect(stream).toEqual(alone);
  });

  for (const file of referenceCaptures())
    it(basename(file), async () => {
      const { stream, alone } = await bothWays(new Uint8Array(readFileSync(file)));
      expect(stream).toEqual(alone);
    });

  // The same near-repeats and captures read into the compare memory: the WebAssembly compare must
  // answer as the JavaScript one does, frame by frame.
  it('near-repeats compared in WebAssembly', async () => {
    const bytes = nearRepeats();
    const { stream, alone, compared } = await bothWays(bytes, true);
    expect(compared).toBeGreaterThan(stream.length * 0.8);
    expect(stream).toEqual(alone);
  });

  for (const file of referenceCaptures())
    it(`${basename(file)}, compared in WebAssembly`, async () => {
      const { stream, alone } = await bothWays(new Uint8Array(readFileSync(file)), true);
      expect(stream).toEqual(alone);
    });
});

describe('Trace frames of repeats', () => {
  it('hold the bytes of their own record', async () => {
    const bytes = nearRepeats();
    const records: Uint8Array[] = [];
    await readCapture(bytesSource(bytes), (r) => records.push(r.data.slice()));
    const { trace, frames } = await analyzeCapture(bytes);
    expect(trace.packets.length).toBeGreaterThan(30);
    trace.packets.forEach((p, k) => expect(p.bytes).toEqual(records[frames[k]]));
  });
});
