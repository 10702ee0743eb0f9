/**
 * The repeat cache's WebAssembly compare (lib/analysis/frame-compare.ts) against the rule it
 * implements, written out in JavaScript: equal wherever the mask has bits, over the length rounded
 * up to 16 bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMemory } from '../../../src/lib/analysis/frame-compare';

const CACHE = 1024;
const memory = compareMemory(CACHE, 4096)!;

describe('the WebAssembly frame compare', () => {
  it('runs here (Node 20 has WebAssembly SIMD), with two pools after the cache', () => {
    expect(memory).not.toBeNull();
    expect(memory.cache.byteOffset).toBe(0);
    expect(memory.pools.map((p) => [p.byteOffset, p.length])).toEqual([
      [CACHE, 4096],
      [CACHE + 4096, 4096],
    ]);
    expect(memory.pools[1].byteOffset + 4096).toBeLessThanOrEqual(memory.buffer.byteLength - 15);
  });

  it('answers as the masked byte compare does, at any offset and length', () => {
    const bytes = new Uint8Array(memory.buffer);
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 192, maxLength: 192 }),
        fc.integer({ min: 1, max: 192 }),
        fc.integer({ min: 0, max: 4096 - 208 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 207 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 3,
        }),
        fc.array(fc.integer({ min: 0, max: 191 }), { maxLength: 4 }),
        (frame, len, at, changes, unmasked) => {
          // frame at 0, mask at 256 (0xff up to len, some bytes cleared), data in the first pool
          const data = CACHE + at;
          bytes.set(frame, 0);
          bytes.fill(0, 256, 512);
          bytes.fill(0xff, 256, 256 + len);
          for (const k of unmasked) bytes[256 + k] = 0;
          bytes.set(frame, data);
          bytes.fill(0x5a, data + 192, data + 208);
          for (const [k, v] of changes) bytes[data + k] = v;
          const end = Math.ceil(len / 16) * 16;
          let same = 1;
          for (let k = 0; k < end; k++) if ((bytes[data + k] ^ bytes[k]) & bytes[256 + k]) same = 0;
          expect(memory.eq(data, 0, 256, len)).toBe(same);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
