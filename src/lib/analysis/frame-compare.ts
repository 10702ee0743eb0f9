/**
 * The repeat cache's byte compare (repeat-cache.ts) in WebAssembly, 16 bytes a step (SIMD): in
 * JavaScript it reads 4 bytes a step through DataViews, and that compare was 2.0 G of the 8.5 G
 * instructions of `analyze` on the pcap bench's 2 M-packet file (cachegrind). WebAssembly reads
 * only its own memory, so the memory holds the cache's frames and masks and the reader's two
 * pooled chunk buffers (`pools`): the records of every chunk but the first are compared where they
 * were read, with no copy. A frame outside the memory is compared in JavaScript; both give the same
 * answer, only in a different number of steps.
 *
 * The module is written out byte by byte (WebAssembly binary format 1.0 with its SIMD proposal,
 * which Node 20 and Chromium since 91 run), so no build step or toolchain is needed.
 */

/** A section: its id, then its contents' length (each under 128 bytes: one LEB128 byte). */
const section = (id: number, bytes: number[]) => [id, bytes.length, ...bytes];

/** `eq(data, frame, mask, len)`: 1 when `(data ^ frame) & mask` is zero over `len` bytes rounded up to 16. */
const BODY = [
  ...[0x01, 0x01, 0x7f], // one local: k (i32), local 4 after the four parameters
  ...[0x02, 0x40, 0x03, 0x40], // block, loop
  ...[0x20, 0x04, 0x20, 0x03, 0x4f, 0x0d, 0x01], // k >= len: out of the block
  ...[0x20, 0x00, 0x20, 0x04, 0x6a, 0xfd, 0x00, 0x00, 0x00], // v128.load data + k
  ...[0x20, 0x01, 0x20, 0x04, 0x6a, 0xfd, 0x00, 0x00, 0x00], // v128.load frame + k
  ...[0xfd, 0x51], // v128.xor
  ...[0x20, 0x02, 0x20, 0x04, 0x6a, 0xfd, 0x00, 0x00, 0x00], // v128.load mask + k
  ...[0xfd, 0x4e, 0xfd, 0x53], // v128.and, v128.any_true
  ...[0x04, 0x40, 0x41, 0x00, 0x0f, 0x0b], // if: return 0
  ...[0x20, 0x04, 0x41, 0x10, 0x6a, 0x21, 0x04], // k += 16
  ...[0x0c, 0x00, 0x0b, 0x0b], // br loop; end loop; end block
  ...[0x41, 0x01, 0x0b], // return 1
];

const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]), // type 0: (i32 ×4) -> i32
  ...section(2, [0x01, 0x01, 0x65, 0x01, 0x6d, 0x02, 0x00, 0x01]), // import memory "e" "m", ≥ 1 page
  ...section(3, [0x01, 0x00]), // one function, of type 0
  ...section(7, [0x01, 0x02, 0x65, 0x71, 0x00, 0x00]), // export it as "eq"
  ...section(10, [0x01, BODY.length, ...BODY]), // its code
]);

const PAGE = 65_536;
/** The compare reads up to 15 bytes past a frame's end: room for them past the last buffer. */
const TAIL = 16;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD is missing. */
function compareModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(MODULE) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export interface CompareMemory {
  /** The memory's buffer: a frame is compared here when its bytes are in it. */
  readonly buffer: ArrayBuffer;
  /** The cache's region, at offset 0. */
  readonly cache: Uint8Array;
  /** Two buffers for the reader (ReadOptions.pools), each `poolBytes` long. */
  readonly pools: Uint8Array[];
  /** 1 when the bytes at `data` equal those at `frame` wherever `mask` has bits, over `len` rounded up to 16. */
  eq(data: number, frame: number, mask: number, len: number): number;
}

/**
 * A memory of `cacheBytes` (a multiple of 16) for the cache and two reader buffers of `poolBytes`,
 * or null where the module cannot run. It never grows: growing would detach the views of it.
 */
export function compareMemory(cacheBytes: number, poolBytes: number): CompareMemory | null {
  const module = compareModule();
  if (!module) return null;
  const total = cacheBytes + 2 * poolBytes + TAIL;
  const pages = Math.ceil(total / PAGE);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    // No address space left for another memory: the JavaScript compare does the same.
    return null;
  }
  const instance = new WebAssembly.Instance(module, { e: { m: memory } });
  const buffer = memory.buffer;
  return {
    buffer,
    cache: new Uint8Array(buffer, 0, cacheBytes),
    pools: [0, 1].map((k) => new Uint8Array(buffer, cacheBytes + k * poolBytes, poolBytes)),
    eq: instance.exports.eq as CompareMemory['eq'],
  };
}
