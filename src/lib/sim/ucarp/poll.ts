/**
 * ucarp 1.5.2's timer: its main loop (carp.c `docarp`) has no timer of its own but poll() on the libpcap
 * descriptor with a timeout in whole ms, after which it reads the clock and decides. What that makes of
 * a MASTER's cadence, from the source:
 *
 * - the timeout is the time left to the advert deadline in whole ms, rounded down
 *   (`time_until_advert.tv_sec * 1000 + tv_usec / 1000`), at least 1 (`MAX(1, poll_sleep_time)`);
 * - after poll() returns, the advert goes out when the deadline has passed (`timercmp(&now, &sc_ad_tmo,
 *   >)`) or when at most 1 whole ms is left (`abs(diff_ms) <= 1`), that is under 2 ms;
 * - carp_send_ad() sets the next deadline to the wake's clock + the interval (`timeradd(&now, &tv, ...)`),
 *   and the loop reads the clock again only after the send, at least 1 µs later: so a 1 s interval is
 *   slept as poll(999) and the advert goes out with 0–1 ms left, each one 0.999–1.000 s after the last
 *   (plus the kernel's slack below), never late. That is why a keepalived master beside it, whose
 *   deadline is 1 s after it read a CARP advert (carp-as-vrrp.ts), hears the next one first.
 *
 * Linux lets a poll() timeout fire up to its slack late (fs/select.c `select_estimate_accuracy`: 0.1 %
 * of the timeout for a task of nice ≤ 0, at least the task's default `timer_slack_ns` of 50 µs). Where
 * in that window the timer fires depends on the machine's other timers; the simulator draws it uniformly,
 * on a stream of its own (TimingDraws.slack) so that no other draw moves, and not at all when the
 * scenario asks for exact timing (the node's jitter is 0); that uniform draw is an assumption, not a
 * measurement. Measured on captures/carp/ucarp-keepalived (recorded with the lab at nice −20 on a
 * machine shared with other work, load average 4): u1's adverts 0.9996–1.0017 s apart (median 1.0004), later than the
 * model's 0.999–1.000 s by the process's wake-up after the timer, which is not modelled: keepalived's
 * timers here are late by 200 µs at most (sim/timing.ts), so a ucarp late by the measured 0.3–0.7 ms
 * would lose races to keepalived that the daemon won.
 */
import { US_PER_MS, type Micros } from '../../trace/time';

/** fs/select.c: the slack is the timeout / 1000 for a task of nice ≤ 0 … */
const SLACK_DIVISOR = 1000;
/** … and at least the task's timer slack, 50 µs by default (init_task.timer_slack_ns). */
const MIN_SLACK_US = 50;
/** carp.c docarp(): `abs(diff_ms) <= 1` sends an advert this many whole ms early. */
const EARLY_SEND_MS = 1;

/** Whole ms of `us`, rounded toward zero like `tv_sec * 1000 + tv_usec / 1000` of a timersub(). */
function wholeMs(us: Micros): number {
  return Math.trunc(us / US_PER_MS);
}

/** Whether the advert due at `dueUs` goes out at a wake at `nowUs` (past, or under 2 ms left). */
export function advertDue(nowUs: Micros, dueUs: Micros): boolean {
  return nowUs > dueUs || Math.abs(wholeMs(dueUs - nowUs)) <= EARLY_SEND_MS;
}

/**
 * The poll() timeout of a MASTER whose advert is due at `dueUs`, ms, computed at `nowUs` when the advert
 * was not due (so at least 2 ms ahead): the loop reads the clock again after deciding, at least 1 µs
 * after the wake's reading.
 */
export function masterPollMs(nowUs: Micros, dueUs: Micros): number {
  return Math.max(1, wholeMs(dueUs - (nowUs + 1)));
}

/** The most a poll() of `ms` sleeps beyond its timeout, µs (its slack). */
export function pollSlackUs(ms: number): Micros {
  return Math.max(MIN_SLACK_US, Math.floor((ms * US_PER_MS) / SLACK_DIVISOR));
}
