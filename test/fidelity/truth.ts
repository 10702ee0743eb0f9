/**
 * The recordings of the real keepalived daemon in captures/ (made by `npm run captures:record`) and
 * their truth files: the injected faults and keepalived's own notify-FIFO state changes, with `t` in
 * seconds since the capture's first packet.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../shared-path';

export type { Truth, TruthEvent, TruthNode } from '../../captures/truth-format';
import type { Truth } from '../../captures/truth-format';

export interface Recording {
  name: string;
  /** Absolute path of the .pcap or .pcapng. */
  capture: string;
  truth: Truth;
}

/** captures/, or $VRRPSCOPE_RECORDINGS (to check a fresh re-recording before it replaces them). */
export const CAPTURES_DIR = process.env.VRRPSCOPE_RECORDINGS ?? join(REPO_ROOT, 'captures');

/** The ucarp recordings (captures/carp/, made by captures/ucarp.sh). */
export const UCARP_DIR = join(CAPTURES_DIR, 'carp');

/** Every recording in captures/ (or `dir`): a `<name>.truth.json` beside `<name>.pcap` or `<name>.pcapng`. */
export function recordings(dir = CAPTURES_DIR): Recording[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.truth.json'.length);
      const capture = ['pcap', 'pcapng'].map((ext) => join(dir, `${name}.${ext}`)).find((p) => existsSync(p));
      if (!capture) throw new Error(`captures/${f} has no capture beside it`);
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Truth;
      return { name, capture, truth };
    });
}
