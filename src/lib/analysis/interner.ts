/**
 * Interns short byte strings (an IP address with its MAC, a VIP list) as small integer ids without
 * building a string per packet: a 32-bit FNV-1a hash picks candidates, and the bytes decide.
 */
export class BytesInterner {
  private store = new Uint8Array(1024);
  private used = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly byHash = new Map<number, number[]>();

  get size(): number {
    return this.starts.length;
  }

  /**
   * The id of the concatenation `a[aOff, aOff+aLen) ‖ b[bOff, bOff+bLen)`, adding it if new — or,
   * with `add` false, -1 when it is not there yet.
   */
  intern(
    a: Uint8Array,
    aOff: number,
    aLen: number,
    b: Uint8Array,
    bOff: number,
    bLen: number,
    add = true,
  ): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < aLen; i++) h = Math.imul(h ^ a[aOff + i], 0x01000193);
    for (let i = 0; i < bLen; i++) h = Math.imul(h ^ b[bOff + i], 0x01000193);
    h = (h ^ (aLen + bLen)) >>> 0;
    const candidates = this.byHash.get(h);
    if (candidates) {
      for (const id of candidates) if (this.equals(id, a, aOff, aLen, b, bOff, bLen)) return id;
    }
    if (!add) return -1;
    const id = this.add(a, aOff, aLen, b, bOff, bLen);
    if (candidates) candidates.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }

  /**
   * Like `intern`, but first tries `guess` (an id the caller remembers for this sender): one byte
   * comparison instead of a hash and a map lookup when the sender repeats itself.
   */
  internGuess(
    guess: number,
    a: Uint8Array,
    aOff: number,
    aLen: number,
    b: Uint8Array,
    bOff: number,
    bLen: number,
  ): number {
    if (guess >= 0 && guess < this.starts.length && this.equals(guess, a, aOff, aLen, b, bOff, bLen))
      return guess;
    return this.intern(a, aOff, aLen, b, bOff, bLen);
  }

  /** The bytes of entry `id` (a view; do not modify). */
  bytes(id: number): Uint8Array {
    return this.store.subarray(this.starts[id], this.starts[id] + this.lengths[id]);
  }

  private equals(
    id: number,
    a: Uint8Array,
    aOff: number,
    aLen: number,
    b: Uint8Array,
    bOff: number,
    bLen: number,
  ): boolean {
    if (this.lengths[id] !== aLen + bLen) return false;
    const s = this.starts[id];
    for (let i = 0; i < aLen; i++) if (this.store[s + i] !== a[aOff + i]) return false;
    for (let i = 0; i < bLen; i++) if (this.store[s + aLen + i] !== b[bOff + i]) return false;
    return true;
  }

  private add(a: Uint8Array, aOff: number, aLen: number, b: Uint8Array, bOff: number, bLen: number): number {
    const need = this.used + aLen + bLen;
    if (need > this.store.length) {
      const grown = new Uint8Array(Math.max(need, this.store.length * 2));
      grown.set(this.store.subarray(0, this.used));
      this.store = grown;
    }
    this.store.set(a.subarray(aOff, aOff + aLen), this.used);
    this.store.set(b.subarray(bOff, bOff + bLen), this.used + aLen);
    this.starts.push(this.used);
    this.lengths.push(aLen + bLen);
    this.used = need;
    return this.starts.length - 1;
  }
}
