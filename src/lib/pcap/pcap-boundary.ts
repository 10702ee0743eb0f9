/**
 * Finds where a classic pcap record starts near an arbitrary file offset, without reading the file
 * from its start: the first offset from which several record headers chain plausibly (lengths
 * within the file's limit, a valid fraction of a second, close timestamps). It is a guess, so
 * whoever reads from it must check that the preceding part ended exactly there (reader.ts's
 * `readRecords` reports `clean`), which proves it.
 */
import type { PcapHeader } from './pcap-format';

/** Record headers that must chain from a candidate offset. */
const CHAIN = 16;
/** Neighbouring records further apart than this (seconds) make a candidate implausible. */
const MAX_STEP_S = 86_400;

/**
 * The first offset in `window` (file bytes from `windowOffset`) where CHAIN records chain, each
 * within a day of the one before and the first after `firstSec` (the file's first record's second,
 * less a day): a file offset, or -1 when there is none.
 */
export function findPcapBoundary(
  h: PcapHeader,
  window: Uint8Array,
  windowOffset: number,
  firstSec: number,
): number {
  const dv = new DataView(window.buffer, window.byteOffset, window.byteLength);
  const fracLimit = h.nano ? 1e9 : 1e6;
  const chains = (start: number): boolean => {
    let pos = start;
    let prevSec = -1;
    for (let k = 0; k < CHAIN; k++) {
      if (pos + h.recordHeader > window.length) return false;
      const sec = dv.getUint32(pos, h.le);
      const frac = dv.getUint32(pos + 4, h.le);
      const incl = dv.getUint32(pos + 8, h.le);
      const orig = dv.getUint32(pos + 12, h.le);
      if (frac >= fracLimit || incl > h.maxRecord || incl > orig || incl === 0) return false;
      if (prevSec < 0 ? sec < firstSec - MAX_STEP_S : Math.abs(sec - prevSec) > MAX_STEP_S) return false;
      prevSec = sec;
      pos += h.recordHeader + incl;
    }
    return true;
  };
  for (let p = 0; p + h.recordHeader <= window.length; p++) if (chains(p)) return windowOffset + p;
  return -1;
}
