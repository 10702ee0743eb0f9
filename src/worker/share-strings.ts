/**
 * Structured clone copies every string of every message: 50 000 Trace packets arrive on the main thread
 * as hundreds of thousands of small strings, most of them equal ("224.0.0.18", "ipv4", a node's MAC…).
 * Keeping those copies alive is what makes the garbage collector pause the page for tens of ms while a
 * capture loads. Replacing each by one shared copy as the parts arrive leaves the copies to die young,
 * where collecting them costs almost nothing.
 */
import type { TraceEvent, TracePacket } from '../lib/trace/types';

/** One shared copy per distinct string, for the life of one request. */
export class StringPool {
  readonly #pool = new Map<string, string>();

  /** The pool's copy of `s` (adding it when new). */
  share(s: string): string {
    const had = this.#pool.get(s);
    if (had !== undefined) return had;
    this.#pool.set(s, s);
    return s;
  }

  /** Replaces the string-valued properties of `o` (one level) by their shared copies, in place. */
  shareFields(o: object): void {
    const rec = o as Record<string, unknown>;
    for (const key in rec) {
      const v = rec[key];
      if (typeof v === 'string') rec[key] = this.share(v);
    }
  }

  /** A packet's strings, its advert's and its announcement's, in place. */
  sharePacket(p: TracePacket): void {
    this.shareFields(p);
    if (p.vrrp) {
      this.shareFields(p.vrrp);
      const a = p.vrrp.addresses;
      for (let k = 0; k < a.length; k++) a[k] = this.share(a[k]);
    }
    if (p.announce) this.shareFields(p.announce);
  }

  /** An event's top-level strings (ids, kinds, causes), in place. */
  shareEvent(e: TraceEvent): void {
    this.shareFields(e);
  }
}
