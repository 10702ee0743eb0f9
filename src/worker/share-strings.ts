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

  #opt(s: string | undefined): string | undefined {
    return s === undefined ? s : this.share(s);
  }

  /** A packet's strings, its advert's and its announcement's, in place (named fields: no enumeration). */
  sharePacket(p: TracePacket): void {
    p.src = this.share(p.src);
    p.dst = this.share(p.dst);
    p.srcMac = this.#opt(p.srcMac);
    p.dstMac = this.#opt(p.dstMac);
    p.node = this.#opt(p.node);
    p.instance = this.#opt(p.instance);
    const v = p.vrrp;
    if (v) {
      const a = v.addresses;
      for (let k = 0; k < a.length; k++) a[k] = this.share(a[k]);
    }
    if (p.announce) {
      p.announce.address = this.share(p.announce.address);
      p.announce.mac = this.share(p.announce.mac);
    }
  }

  /** An event's ids (every event names a node, an instance or a router; most are adverts sent). */
  shareEvent(e: TraceEvent): void {
    const ids = e as { node?: string; instance?: string; router?: string };
    if (ids.node !== undefined) ids.node = this.share(ids.node);
    if (ids.instance !== undefined) ids.instance = this.share(ids.instance);
    if (ids.router !== undefined) ids.router = this.share(ids.router);
  }
}
