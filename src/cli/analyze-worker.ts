/**
 * The helper thread of `analyze` on a large pcap file (lib/analysis/split-read.ts): decodes the parts
 * of the file the main thread asks for, in the order asked (SegmentDecoder queues them), and posts their rows back
 * with the column buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SegmentDecoder, type SegmentRows } from '../lib/analysis/segment-decode';
import { COLUMNS } from '../lib/analysis/packet-index';
import { fileSource } from '../lib/pcap/node-source';

export interface SegmentJob {
  id: number;
  from: number;
  to: number;
}

export type SegmentReply = { id: number; rows: SegmentRows } | { id: number; error: string };

const { path } = workerData as { path: string };
const decoder = fileSource(path).then((src) => new SegmentDecoder(src));
parentPort!.on('message', async (job: SegmentJob) => {
  try {
    const rows = await (await decoder).decode(job.from, job.to);
    const buffers = COLUMNS.map((name) => rows[name].buffer as ArrayBuffer);
    parentPort!.postMessage({ id: job.id, rows } satisfies SegmentReply, buffers);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: String(e) } satisfies SegmentReply);
  }
});
