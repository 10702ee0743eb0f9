/**
 * The recordings of the real keepalived daemon in captures/ and their truth files: the injected faults
 * and keepalived's own notify-FIFO state changes, `t` in seconds since the capture's first packet.
 * The loader is the CLI's (src/cli/recordings.ts), the format the library's (src/lib/scenario/truth.ts).
 */
import { join } from 'node:path';
import { CAPTURES_DIR } from '../../src/cli/recordings';

export type { Truth, TruthEvent, TruthNode } from '../../src/lib/scenario/truth';
export { CAPTURES_DIR, recordings, type Recording } from '../../src/cli/recordings';

/** The ucarp recordings (captures/carp/, made by captures/ucarp.sh). */
export const UCARP_DIR = join(CAPTURES_DIR, 'carp');
