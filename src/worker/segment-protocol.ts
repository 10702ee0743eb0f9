/** Messages between the capture worker and its helper worker (segment-handler.ts, segment-client.ts). */
import type { SegmentRows } from '../lib/analysis/segment-decode';

export type SegmentMessage =
  /** The capture the parts are of (first, once). */
  | { type: 'file'; file: Blob }
  /** Decode the records in [from, to). */
  | { type: 'decode'; id: number; from: number; to: number };

export type SegmentReply = { id: number; rows: SegmentRows } | { id: number; error: string };
