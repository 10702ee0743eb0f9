/**
 * The clock an instance's actor runs on. The machine arms its master-down (BACKUP) and advert (MASTER)
 * timers lazily: an accepted advert only moves the deadline in context, and when the armed timer fires
 * before the moved deadline the machine re-enters its state to arm it again (`downDeadlineAhead?`,
 * `advertDeadlineAhead?`, instance.machine.ts). That re-entry does nothing else: no action, no report,
 * only one new timer at the deadline. A MASTER whose advert timer is due re-enters with ADVERT_TICK:
 * next deadline, one advert, the timer report, and again one new timer.
 *
 * This clock performs those two re-entries itself, with the machine's own guard and deadline functions,
 * before handing a timer to XState: the same reports in the same order, then one clock entry at the same
 * deadline set at the same moment, so the order of everything on the VirtualClock (deadline, then
 * sequence) is unchanged (test/unit/sim/fast-paths.test.ts compares whole traces). It spares a backup one
 * XState transition per Master_Down_Interval and a master one per advert. Every other timer (a backup's
 * master-down, with its sync-group hold and BECOME_MASTER) goes to the machine.
 */
import type { Micros } from '../trace/types';
import type { Clock, TimerHandle, VirtualClock } from './clock';
import { advertDeadlineAhead, downDeadlineAhead, nextAdvertDeadline } from './instance.setup';
import type { InstanceContext } from './instance.types';

/** What the clock needs of its instance. */
export interface MachineView {
  /** The actor's current state value and context (the context is written in place, see rearmAt). */
  snapshot(): { value: unknown; context: InstanceContext };
  now(): Micros;
  /** How late this timer fires: the node's scheduler jitter, one draw per arm (timing.ts). */
  lateness(): Micros;
  /** The machine's `sendAdvert` and `reportAdvertTimer` reports, handled as if the actor had emitted them. */
  advertTick(priority: number, deadlineUs: Micros): void;
}

/** A timer handed to XState: the world clock's current entry, replaced at each re-arm. */
interface LazyTimer {
  inner: TimerHandle | undefined;
  cancelled: boolean;
}

/**
 * The deadline a fired timer re-arms for instead of reaching the machine, or null to deliver it. The
 * context is changed in place only by ADVERT_TICK's `setAdvertDeadline`, the one field that transition
 * assigns.
 */
function rearmAt(view: MachineView): Micros | null {
  const { value, context: c } = view.snapshot();
  const now = view.now();
  if (value === 'backup') return downDeadlineAhead(c, now) ? c.downDeadlineUs : null;
  if (value !== 'master') return null;
  if (advertDeadlineAhead(c, now)) return c.advertDeadlineUs;
  c.advertDeadlineUs = nextAdvertDeadline(c, now);
  view.advertTick(c.priority, c.advertDeadlineUs);
  return c.advertDeadlineUs;
}

/**
 * Runs on the world clock with the node clock's rule (node.ts NodeClock): a callback that comes due
 * while the daemon is paused waits until SIGCONT has read the instance's socket (`whenAwake`, the
 * host's whenSocketAwake, paused-sockets.ts), and a cleared one never runs. Re-arms
 * reuse the timer's callbacks, so a re-arm costs one clock entry.
 */
export class InstanceClock implements Clock {
  constructor(
    private readonly world: VirtualClock,
    private readonly whenAwake: (fn: () => void) => void,
    private readonly view: MachineView,
  ) {}

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): LazyTimer {
    const { world, whenAwake, view } = this;
    const timer: LazyTimer = { inner: undefined, cancelled: false };
    const run = () => {
      if (timer.cancelled) return;
      const deadline = rearmAt(view);
      if (deadline === null) fn();
      else timer.inner = world.setTimeout(wake, deadline - world.now + view.lateness());
    };
    const wake = () => whenAwake(run);
    timer.inner = world.setTimeout(wake, timeout + view.lateness());
    return timer;
  }

  clearTimeout(timer: LazyTimer | undefined): void {
    if (!timer) return;
    timer.cancelled = true;
    this.world.clearTimeout(timer.inner);
  }
}
