/**
 * Global playback shortcuts: space play/pause, → / ← next / previous event, f next failover. They work
 * wherever the focus is, except in a text field (and in an open menu, which has its own keys). A widget
 * that owns a key keeps it: the arrows move a side tab, a dropdown's option or a slider, and space
 * presses a focused push button; space on a side tab or a dropdown, whose own use of it adds nothing
 * after a click, plays or pauses.
 */
import type { Session } from '../state/session.svelte';

const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']);

/** Typing goes to the field: no shortcut at all. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, [contenteditable="true"], [contenteditable=""], .cm-editor, [role="menu"]'))
    return true;
  const input = target.closest('input');
  return !!input && TEXT_INPUTS.has(input.type);
}

/** Widgets whose arrow keys move their own value or selection. */
function ownsArrows(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    !!target.closest('select, [role="tablist"], [role="listbox"], [role="slider"], input[type="range"]')
  );
}

/** A push button that space presses (a side tab is selected by its click already). */
function ownsSpace(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const button = target.closest('button, [role="button"], input[type="checkbox"], input[type="radio"]');
  return !!button && button.getAttribute('role') !== 'tab';
}

/** Returns true when the key was a shortcut and has been handled. */
export function handlePlaybackKey(session: Session, ev: KeyboardEvent): boolean {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented || isTextField(ev.target)) return false;
  switch (ev.key) {
    case ' ':
      if (ownsSpace(ev.target)) return false;
      if (session.playing) session.pause();
      else session.play();
      return true;
    case 'ArrowRight':
      if (ownsArrows(ev.target)) return false;
      session.stepForward();
      return true;
    case 'ArrowLeft':
      if (ownsArrows(ev.target)) return false;
      session.stepBack();
      return true;
    case 'f':
    case 'F':
      session.nextFailover();
      return true;
    default:
      return false;
  }
}
