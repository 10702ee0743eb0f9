/**
 * vrrp_script evaluation (docs/vrrp-behaviour.md §4.1): keepalived's rise/fall counter. Which
 * process a command tests is read from the config text (config/script-process.ts).
 */

/**
 * keepalived's rise/fall counter (vrrp_script_child_thread(), §4.1): `r` in 0..rise+fall−1, OK when
 * r ≥ rise; starts at rise − 1 (0 with init_fail) so the first result decides at once.
 */
export class RiseFall {
  #r: number;
  /** null until the first result turns it OK or KO. */
  ok: boolean | null = null;

  constructor(
    readonly rise: number,
    readonly fall: number,
    initFail: boolean,
  ) {
    this.#r = initFail ? 0 : rise - 1;
    if (initFail) this.ok = false;
  }

  /** Feeds one result; returns true when the OK/KO status changed. */
  update(success: boolean): boolean {
    const before = this.ok;
    // Consecutive results count: a success refills the counter, a failure at or below rise empties it.
    if (success) {
      if (this.#r < this.rise - 1) this.#r++;
      else {
        this.ok = true;
        this.#r = this.rise + this.fall - 1;
      }
    } else if (this.#r > this.rise) this.#r--;
    else {
      this.ok = false;
      this.#r = 0;
    }
    return before !== this.ok;
  }
}
