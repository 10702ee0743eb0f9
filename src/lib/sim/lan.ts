/**
 * The LAN: one L2 segment per interface name (every `eth2` is on the same switch), with the faults a
 * scenario can apply (docs/vrrp-behaviour.md §8, Appendix B): per-node link state, partitions,
 * one-way multicast blocks, random loss and a fixed latency.
 */
import type { Micros } from '../trace/types';
import type { Rng } from './rng';

/** Why a frame did not reach one receiver (TraceEvent 'advert-lost' reasons). */
export type LossReason = 'link-down' | 'partition' | 'loss' | 'blocked';

export class Lan {
  /** node → partition group number; nodes not in any group hear everyone. */
  #group = new Map<string, number>();
  /** `from→to` pairs whose multicast is blocked one way. */
  #mcastBlocked = new Set<string>();
  /** `node|iface` of links that are down. */
  #linkDown = new Set<string>();
  lossPercent = 0;
  latencyUs: Micros = 0;

  constructor(readonly rng: Rng) {}

  setLink(node: string, iface: string, up: boolean): void {
    if (up) this.#linkDown.delete(`${node}|${iface}`);
    else this.#linkDown.add(`${node}|${iface}`);
  }

  linkUp(node: string, iface: string): boolean {
    return !this.#linkDown.has(`${node}|${iface}`);
  }

  partition(groups: string[][]): void {
    this.#group.clear();
    groups.forEach((g, i) => g.forEach((n) => this.#group.set(n, i)));
  }

  blockMulticast(from: string, to: string): void {
    this.#mcastBlocked.add(`${from}→${to}`);
  }

  /** Ends partitions, multicast blocks and loss (links stay as they are). */
  heal(): void {
    this.#group.clear();
    this.#mcastBlocked.clear();
    this.lossPercent = 0;
  }

  /** Why a frame from `from` does not reach `to` on `iface`, or null when it arrives. */
  lossReason(from: string, to: string, iface: string, multicast: boolean): LossReason | null {
    if (!this.#linkDown.size && !this.#group.size && !this.#mcastBlocked.size && this.lossPercent <= 0)
      return null;
    if (this.#linkDown.has(`${to}|${iface}`)) return 'link-down';
    const a = this.#group.get(from);
    const b = this.#group.get(to);
    if (a !== undefined && b !== undefined && a !== b) return 'partition';
    if (multicast && this.#mcastBlocked.size && this.#mcastBlocked.has(`${from}→${to}`)) return 'blocked';
    if (this.lossPercent > 0 && this.rng.chance(this.lossPercent)) return 'loss';
    return null;
  }
}
