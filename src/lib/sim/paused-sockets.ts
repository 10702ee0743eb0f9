/**
 * The receive side of a keepalived daemon frozen by SIGSTOP, and the order in which it catches up at
 * SIGCONT.
 *
 * While the process is stopped the kernel goes on queueing what each of its raw protocol-112 sockets
 * receives, every frame in arrival order, up to the socket's receive buffer (SOCKET_QUEUE_FRAMES), and
 * its timers come due unheard. At SIGCONT, epoll_wait() reports the readable sockets and the timerfd,
 * and keepalived's scheduler (2.2.7 lib/scheduler.c `thread_fetch_next_queue`, `thread_timerfd_handler`)
 * runs, each time round its loop:
 * 1. one `vrrp_dispatcher_read()` per readable socket, in the order they became readable (epoll's ready
 *    list is first come, first served). It reads frames in arrival order and stops after handling the
 *    second frame of a VRID it has an instance for ("handle no more than one advert per VRID in order
 *    to flush socket rcvq", vrrp_scheduler.c); a frame of an unknown VRID is skipped before that count;
 * 2. the read timeouts of sockets with nothing to read (`vrrp_dispatcher_read_timeout()`): an instance's
 *    own timers, the master-down (§2.5) and advert (§2.6) deadlines, are its socket read thread's
 *    timeout, so they cannot fire while frames wait on that socket. A BACKUP whose deadline passed
 *    during the pause reads every queued advert first: an accepted one re-arms it, a discarded lower
 *    one leaves it due (vrrp.c `vrrp_state_backup()` sets ms_down_timer to what remains, 0);
 * 3. the first time only, the timer threads that came due: a delayed GARP burst (§2.7 step 6, §2.6),
 *    track scripts (§4.1), and here the node's other waiting callbacks (netlink link changes).
 * captures/sigstop.pcap shows it: after SIGCONT the master n1 answered two of the six queued lower
 * adverts (an advert and 5 GARPs each, §2.6), then sent its overdue second burst of 5, then answered
 * the other four (test/fidelity/simulator.test.ts). Simplification: one socket per interface and
 * family, where keepalived opens one per interface, family, protocol (AH) and unicast source.
 */

/**
 * Frames a paused daemon's socket holds; later ones are dropped by the kernel. keepalived 2.2.7 sets
 * SO_RCVBUF on its receive socket only when `vrrp_rx_bufs_policy` or `kernel_rx_buf_size` is set
 * (vrrp_scheduler.c `vrrp_create_sockpool()`, vrrp.c `open_vrrp_read_socket()`; not modelled), so
 * `net.core.rmem_default` applies: 212 992 bytes, which Linux sizes as 256 packets of SKB_TRUESIZE(256)
 * (net/core/sock.c `_SK_MEM_PACKETS`), and a raw socket refuses a frame once the bytes it holds reach
 * it (`__sock_queue_rcv_skb`). Measured on Linux 6.18 with the default buffer and nothing reading: 256
 * of 1 000 VRRPv2 adverts (40–196-byte IP packets) multicast over a veth pair, or sent over loopback,
 * were queued; 167 of 276-byte ones. A NIC driver with larger receive buffers holds fewer.
 */
export const SOCKET_QUEUE_FRAMES = 256;

/** The simulated socket a frame on `iface` of `family` is read from (see the file comment). */
export function socketOf(iface: string, family: string): string {
  return `${iface}|${family}`;
}

/** A frame waiting on a socket: its VRID when the node has an instance for it, else null. */
interface QueuedFrame {
  vrid: number | null;
  read: () => void;
}

export class PausedSockets {
  /** Socket → frames in arrival order; a socket is entered when it first became readable. */
  #frames = new Map<string, QueuedFrame[]>();
  /** Socket → its instances' timers that came due, in deadline order. */
  #timeouts = new Map<string, (() => void)[]>();

  /** Queues a frame on `socket`; false when the buffer is full and the kernel dropped it. */
  queue(socket: string, vrid: number | null, read: () => void): boolean {
    let frames = this.#frames.get(socket);
    if (!frames) this.#frames.set(socket, (frames = []));
    if (frames.length >= SOCKET_QUEUE_FRAMES) return false;
    frames.push({ vrid, read });
    return true;
  }

  /** An instance's own timer (master-down, advert) came due: it waits until `socket` has been read. */
  timeout(socket: string, fn: () => void): void {
    let list = this.#timeouts.get(socket);
    if (!list) this.#timeouts.set(socket, (list = []));
    list.push(fn);
  }

  /** SIGKILL or SIGTERM while paused: nothing queued is ever read. */
  clear(): void {
    this.#frames.clear();
    this.#timeouts.clear();
  }

  /**
   * SIGCONT, with the daemon already running: everything queued, in the scheduler's order (see the
   * file comment). `timers`: the node's other callbacks that came due, in the order they did.
   */
  drain(timers: readonly (() => void)[]): void {
    const frames = this.#frames;
    const timeouts = this.#timeouts;
    this.#frames = new Map();
    this.#timeouts = new Map();
    for (let first = true; first || frames.size || timeouts.size; first = false) {
      const readable = [...frames.keys()];
      for (const socket of readable) {
        const queue = frames.get(socket)!;
        dispatcherRead(queue);
        if (!queue.length) frames.delete(socket);
      }
      for (const [socket, list] of [...timeouts])
        if (!readable.includes(socket)) {
          timeouts.delete(socket);
          for (const fn of list) fn();
        }
      if (first) for (const fn of timers) fn();
    }
  }
}

/** One `vrrp_dispatcher_read()`: frames in order, up to and including a known VRID's second frame. */
function dispatcherRead(queue: QueuedFrame[]): void {
  const seen = new Set<number>();
  while (queue.length) {
    const { vrid, read } = queue.shift()!;
    const again = vrid !== null && seen.has(vrid);
    if (vrid !== null) seen.add(vrid);
    read();
    if (again) return;
  }
}
