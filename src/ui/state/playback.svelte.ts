/**
 * Wall-clock playback: a requestAnimationFrame loop that only reports elapsed wall time. What a tick
 * means for virtual time is the Session's business; this loop is UI only and never touches src/lib.
 */
export class Playback {
  #running = $state(false);
  #handle = 0;
  #last = 0;
  #tick: (dtMs: number) => boolean;

  /** `tick` gets the wall milliseconds since the previous frame and returns false to stop. */
  constructor(tick: (dtMs: number) => boolean) {
    this.#tick = tick;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running || typeof requestAnimationFrame === 'undefined') return;
    this.#running = true;
    this.#last = performance.now();
    this.#handle = requestAnimationFrame(this.#frame);
  }

  stop(): void {
    this.#running = false;
    if (this.#handle) cancelAnimationFrame(this.#handle);
    this.#handle = 0;
  }

  #frame = (now: number): void => {
    if (!this.#running) return;
    // A background tab pauses rAF; do not leap forward by the whole hidden period.
    const dtMs = Math.min(now - this.#last, 100);
    this.#last = now;
    if (this.#tick(dtMs)) this.#handle = requestAnimationFrame(this.#frame);
    else this.stop();
  };
}
