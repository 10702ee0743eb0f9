/**
 * A thread of `investigate` that reads whole pcap/pcapng files (investigate-threads.ts): each job
 * is one file, read as the main thread would read it, and posted back as its parts with the row
 * columns transferred.
 */
import { parentPort } from 'node:worker_threads';
import { captureParts, type CaptureParts } from '../lib/evidence/capture-parts';
import type { CaptureContext } from '../lib/evidence/investigate';
import { captureOf } from '../lib/evidence/sources';
import { fileSource } from '../lib/pcap/node-source';

export interface CaptureJob {
  id: number;
  file: string;
  ctx: CaptureContext;
}

export type CaptureReply = { id: number; parts: CaptureParts } | { id: number; error: string };

parentPort!.on('message', async (job: CaptureJob) => {
  try {
    const source = await fileSource(job.file);
    try {
      const { parts, transfer } = captureParts(
        await captureOf(source, job.file, { year: 1970, dayStartUs: 0, ...job.ctx }),
      );
      parentPort!.postMessage({ id: job.id, parts } satisfies CaptureReply, transfer);
    } finally {
      await source.close?.();
    }
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: String(e) } satisfies CaptureReply);
  }
});
