/**
 * The clock an instance's actor runs on. The machine arms its master-down (BACKUP) and advert (MASTER)
 * timers lazily: an accepted advert only moves the deadline in context, and when the armed timer fires
 * before the moved deadline the machine re-enters its state to arm it again (`downDeadlineAhead?`,
 * `advertDeadlineAhead?`, instance.machine.ts). That re-entry does nothing else: no action, no report,
 * only one new timer at the deadline. This clock performs exactly that re-arm itself, with the same
 * guard functions, before handing the timer to XState — one clock entry at the same deadline, set at the
 * same moment, so the order of everything on the VirtualClock (deadline, then sequence) is unchanged —
 * and spares the steady state one XState transition per Master_Down_Interval per backup.
 */
import type { Micros } from '../trace/types';
import type { Clock } from './clock';
import { advertDeadlineAhead, downDeadlineAhead } from './instance.setup';
import type { InstanceContext } from './instance.types';

/** The actor's current state value and context, as the clock needs them. */
export interface MachineView {
  state(): unknown;
  context(): InstanceContext;
  now(): Micros;
}

/** A timer handed to XState: the inner clock's current handle, replaced at each re-arm. */
interface LazyTimer {
  inner: unknown;
}

/** The deadline a fired timer must wait for instead (the guard's re-entry), or null to deliver it. */
function deadlineAhead(view: MachineView): Micros | null {
  const state = view.state();
  const c = view.context();
  const now = view.now();
  if (state === 'backup') return downDeadlineAhead(c, now) ? c.downDeadlineUs : null;
  if (state === 'master') return advertDeadlineAhead(c, now) ? c.advertDeadlineUs : null;
  return null;
}

export class InstanceClock implements Clock {
  constructor(
    private readonly inner: Clock,
    private readonly view: MachineView,
  ) {}

  setTimeout(fn: (...args: unknown[]) => void, timeout: number): LazyTimer {
    const timer: LazyTimer = { inner: null };
    const fire = () => {
      const deadline = deadlineAhead(this.view);
      if (deadline === null) fn();
      else timer.inner = this.inner.setTimeout(fire, deadline - this.view.now());
    };
    timer.inner = this.inner.setTimeout(fire, timeout);
    return timer;
  }

  clearTimeout(timer: LazyTimer | undefined): void {
    if (timer) this.inner.clearTimeout(timer.inner as never);
  }
}
