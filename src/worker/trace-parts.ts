/**
 * A Trace crossing from a worker to the main thread: a skeleton (everything but packets and events)
 * with the counts, then the packets and events in parts of TRACE_PART_SIZE. Each part is its own
 * message, so that no single message takes the main thread long to deserialise, and each part's frame
 * bytes travel in one transferred buffer. The capture worker and the simulation worker both send their
 * Trace this way.
 */
import type { Trace, TraceEvent, TracePacket } from '../lib/trace/types';
import { StringPool } from './share-strings';

/** The Trace without its packets and events, which follow in parts. */
export type TraceSkeleton = Omit<Trace, 'packets' | 'events'>;

export interface TracePart {
  packets: TracePacket[];
  events: TraceEvent[];
}

/** Packets and events per part. */
export const TRACE_PART_SIZE = 500;

/** Packs the frames of `packets` into one buffer (views into it), so one transfer moves them all. */
function packBytes(packets: TracePacket[]): ArrayBuffer | null {
  const total = packets.reduce((n, p) => n + (p.bytes?.length ?? 0), 0);
  if (total === 0) return null;
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of packets) {
    if (!p.bytes) continue;
    buf.set(p.bytes, at);
    p.bytes = buf.subarray(at, at + p.bytes.length);
    at += p.bytes.length;
  }
  return buf.buffer;
}

/** Splits a Trace for sending: its skeleton and counts, then its parts with their transfer lists. */
export function splitTrace(trace: Trace): {
  skeleton: TraceSkeleton;
  packets: number;
  events: number;
  parts: () => Generator<{ part: TracePart; transfer: Transferable[] }>;
} {
  const { packets, events, ...skeleton } = trace;
  return {
    skeleton,
    packets: packets.length,
    events: events.length,
    *parts() {
      for (let i = 0; i < Math.max(packets.length, events.length); i += TRACE_PART_SIZE) {
        const part = packets.slice(i, i + TRACE_PART_SIZE);
        const buf = packBytes(part);
        yield {
          part: { packets: part, events: events.slice(i, i + TRACE_PART_SIZE) },
          transfer: buf ? [buf] : [],
        };
      }
    },
  };
}

/** Rebuilds a Trace on the receiving side, part by part. */
export class TraceAssembler {
  readonly trace: Trace;
  #packetsIn = 0;
  #eventsIn = 0;
  /** Shared copies of the strings of the parts received so far (see share-strings.ts). */
  readonly #strings = new StringPool();

  /** Sized once from the counts: a part only stores references, nothing grows or is copied. */
  constructor(skeleton: TraceSkeleton, packets: number, events: number) {
    this.trace = {
      ...skeleton,
      packets: new Array<TracePacket>(packets),
      events: new Array<TraceEvent>(events),
    };
  }

  add(part: TracePart): void {
    for (const x of part.packets) this.#strings.sharePacket(x);
    for (const x of part.events) this.#strings.shareEvent(x);
    this.#packetsIn = fill(this.trace.packets, this.#packetsIn, part.packets);
    this.#eventsIn = fill(this.trace.events, this.#eventsIn, part.events);
  }

  /** The Trace with what arrived (the arrays cut to the parts received). */
  finish(): Trace {
    this.trace.packets.length = this.#packetsIn;
    this.trace.events.length = this.#eventsIn;
    return this.trace;
  }
}

/** Copies `items` into `into` from `at` (the part's objects themselves, no per-item allocation). */
function fill<T>(into: T[], at: number, items: readonly T[]): number {
  for (let k = 0; k < items.length; k++) into[at + k] = items[k];
  return at + items.length;
}
