/**
 * Gives the event loop a turn (scheduler.yield where the browser has it): what follows runs in a new
 * task, so that work split in steps never holds the page for long.
 */
export function yieldToEventLoop(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
