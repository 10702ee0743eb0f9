/**
 * vrrp_script evaluation (docs/vrrp-behaviour.md §4.1): what a check command tests, and keepalived's
 * rise/fall counter. Commands that test a process (`killall -0 X`, `pidof X`, `pgrep X`,
 * `kill -0 $(cat …X….pid)`, `systemctl is-active X`) are decided by that process's liveness on the node.
 */

/** The process a check command tests, or null when the command is not recognised. */
export function processOfCommand(command: string): string | null {
  const cmd = command
    .trim()
    .replace(/^(?:\S*\/)?(?:ba)?sh\s+-c\s+/, '')
    .replace(/^["']|["']$/g, '');
  const base = String.raw`(?:\S*\/)?`;
  const flags = String.raw`(?:-\S+\s+)*`;
  const patterns = [
    new RegExp(String.raw`^${base}killall\s+-0\s+${flags}([\w.@-]+)`),
    new RegExp(String.raw`^${base}pidof\s+${flags}([\w.@-]+)`),
    new RegExp(String.raw`^${base}pgrep\s+${flags}([\w.@-]+)`),
    new RegExp(
      String.raw`^${base}systemctl\s+(?:--\S+\s+)*is-active\s+${flags}([\w.@-]+?)(?:\.service)?\s*$`,
    ),
  ];
  for (const re of patterns) {
    const m = re.exec(cmd);
    if (m) return m[1];
  }
  const pidFile = /kill\s+-0\s+(?:`|\$\()\s*cat\s+([^)`\s]+)/.exec(cmd);
  if (pidFile) {
    const parts = pidFile[1].split('/').filter(Boolean);
    const file = (parts.pop() ?? '').replace(/\.pid$/, '');
    return file && file !== 'pid' ? file : (parts.pop() ?? null);
  }
  return null;
}

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
