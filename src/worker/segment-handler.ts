/**
 * The helper worker's logic (segment.worker.ts), apart from the Worker global so that it can be
 * tested in Node: decodes the parts of one classic pcap file it is asked for, in the order asked,
 * with every record's offset and time for the sparse index, and posts their rows with the buffers
 * transferred.
 */
import { COLUMNS } from '../lib/analysis/packet-index';
import { SegmentDecoder, type SegmentRows } from '../lib/analysis/segment-decode';
import { blobSource } from '../lib/pcap/source';
import type { SegmentMessage, SegmentReply } from './segment-protocol';

/** The buffers of a part's rows, moved rather than copied. */
function transferOf(rows: SegmentRows): Transferable[] {
  const out: Transferable[] = COLUMNS.map((name) => rows[name].buffer as ArrayBuffer);
  if (rows.recordOffsets) out.push(rows.recordOffsets.buffer);
  if (rows.recordTimes) out.push(rows.recordTimes.buffer);
  return out;
}

export function createSegmentHandler(
  post: (msg: SegmentReply, transfer?: Transferable[]) => void,
): (msg: SegmentMessage) => Promise<void> {
  let decoder: SegmentDecoder | null = null;
  return async (m) => {
    if (m.type === 'file') {
      decoder = new SegmentDecoder(blobSource(m.file), undefined, true);
      return;
    }
    try {
      if (!decoder) throw new Error('no file to decode');
      const rows = await decoder.decode(m.from, m.to);
      post({ id: m.id, rows }, transferOf(rows));
    } catch (e) {
      post({ id: m.id, error: String(e) });
    }
  };
}
