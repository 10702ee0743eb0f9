/**
 * The replay's window follows the time (issue 13): a capture larger than its Trace is replayed from a
 * window of the file, and when the time leaves the middle of that window (a seek, a click in the
 * report or the packet list, playback), the window around the new time is read from the file in the
 * worker and swapped in, the view keeping its time, zoom and playback.
 */
import {
  blockCount,
  isWholeCapture,
  windowAround,
  windowDiagnostics,
  type CaptureWindow,
} from '../../lib/analysis/sparse-index';
import type { Micros } from '../../lib/trace/types';
import { isAbortError } from '../../worker/request-client';
import { openCaptureWindow } from '../../worker/client';
import { openedFor, setOpenedCapture, type OpenedCapture } from './opened-capture.svelte';
import type { Session } from './session.svelte';

/** The share of a window at each end where the time asks for the next window. */
const EDGE = 1 / 8;

/** True when `t` is in the window's middle, or at an end of it that is the capture's own end. */
export function inWindow(c: OpenedCapture, t: Micros): boolean {
  const w = c.window;
  const edge = (w.toUs - w.fromUs) * EDGE;
  const afterStart = w.firstBlock === 0 || t >= w.fromUs + edge;
  const beforeEnd = w.lastBlock >= blockCount(c.pages) || t <= w.toUs - edge;
  return afterStart && beforeEnd;
}

/** Starts following the time with the window; call during a component's initialisation. */
export function followCaptureWindow(session: Session): void {
  let asked: CaptureWindow | null = null;
  let ctrl: AbortController | null = null;
  $effect(() => {
    const t = session.t;
    const c = openedFor(session.trace);
    if (!c || isWholeCapture(c.pages, c.window) || inWindow(c, t)) return;
    const next = windowAround(c.pages, c.window.originUs + t, c.window.packets);
    if (next.firstBlock === c.window.firstBlock || next.firstBlock === asked?.firstBlock) return;
    asked = next;
    ctrl?.abort();
    const mine = (ctrl = new AbortController());
    void (async () => {
      try {
        const r = await openCaptureWindow(c.file, next, {
          name: c.name,
          hosts: c.hosts,
          configs: c.configs,
          signal: mine.signal,
        });
        const trace = r.trace;
        trace.diagnostics = windowDiagnostics(
          c.diagnostics,
          trace.diagnostics,
          next,
          c.pages.packets,
          trace.packets.length,
        );
        await session.showCaptureWindow(
          trace,
          () => mine.signal.aborted,
          () => setOpenedCapture({ ...c, window: next }),
        );
      } catch (e) {
        // A newer window (or a new capture) overtook this one; anything else leaves the window as it is.
        if (!isAbortError(e)) console.warn('The replay window could not be read', e);
      } finally {
        if (asked === next) asked = null;
      }
    })();
  });
}
