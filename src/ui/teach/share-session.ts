/**
 * Share links for the live Session: the session's scenario, time and view as a URL, and the reverse.
 * The state travels in the fragment (#…?share=…), so it never reaches any server.
 */
import type { Result } from '../../lib/trace/diagnostic';
import {
  decodeShareFragment,
  encodeShareValue,
  type ShareState,
  type ShareTheme,
  type ShareView,
} from '../../lib/share';
import type { SessionApi, ViewChrome } from '../state/contract';

/** The theme the document shows (`data-theme` on <html>), when it says. */
function currentTheme(): ShareTheme | undefined {
  const t = document.documentElement.dataset.theme;
  return t === 'light' || t === 'dark' ? t : undefined;
}

/** The share state of a session, or null when it shows a capture (captures never leave the browser). */
export function shareStateOf(
  session: SessionApi,
  extra: { chrome?: ViewChrome; chapter?: number } = {},
): ShareState | null {
  if (session.source !== 'simulation' || !session.scenario) return null;
  const view: ShareView = { speed: session.speed };
  if (Object.keys(session.selection).length > 0) view.selection = { ...session.selection };
  if (session.window.to > session.window.from) view.window = { ...session.window };
  const theme = currentTheme();
  if (theme) view.theme = theme;
  if (extra.chrome) view.chrome = extra.chrome;
  if (extra.chapter) view.chapter = extra.chapter;
  return { scenario: session.scenario, t: session.t, view };
}

/** A full URL that reopens `state`; `route` is the hash route to keep (`#/tutorial/3`), if any. */
export function shareUrl(state: ShareState, route = ''): string {
  const base = `${location.origin}${location.pathname}${location.search}`;
  const sep = route ? '?' : '';
  return `${base}${route || '#'}${sep}share=${encodeShareValue(state)}`;
}

/**
 * Restores a session from the `share` parameter of a location hash: loads the scenario, then (once its
 * run is shown) seeks and restores the view. Returns the state and the diagnostics of decoding (value
 * null when the hash has none or it could not be read), and `shown`, which resolves when the view is
 * restored.
 */
export function restoreSharedResult(
  session: SessionApi,
  hash: string,
): Result<ShareState | null> & { shown: Promise<void> } {
  const result = decodeShareFragment(hash);
  const state = result.value;
  if (!state) return { ...result, shown: Promise.resolve() };
  if (state.view.theme) document.documentElement.dataset.theme = state.view.theme;
  const shown = session.loadScenario(state.scenario).then(() => {
    session.seek(state.t);
    if (state.view.selection) session.select(state.view.selection);
    if (state.view.window) session.setWindow(state.view.window.from, state.view.window.to);
    if (state.view.speed) session.setSpeed(state.view.speed);
  });
  return { ...result, shown };
}

/** `restoreSharedResult` for callers that only need the state. */
export function restoreShared(session: SessionApi, hash: string): ShareState | null {
  return restoreSharedResult(session, hash).value;
}
