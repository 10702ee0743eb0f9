/**
 * Global playback shortcuts: space play/pause, → / ← next / previous event, f next failover.
 * Keys typed into form fields, and space on a focused button (which presses it), are left alone.
 */
import type { Session } from '../state/session.svelte';

function isEditing(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('textarea, select, [contenteditable="true"], [role="menu"], [role="tablist"]'))
    return true;
  const input = target.closest('input');
  return !!input && input.type !== 'checkbox' && input.type !== 'radio' && input.type !== 'button';
}

/** Returns true when the key was a shortcut and has been handled. */
export function handlePlaybackKey(session: Session, ev: KeyboardEvent): boolean {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented || isEditing(ev.target)) return false;
  const onButton = ev.target instanceof Element && !!ev.target.closest('button, [role="button"]');
  switch (ev.key) {
    case ' ':
      if (onButton) return false;
      if (session.playing) session.pause();
      else session.play();
      return true;
    case 'ArrowRight':
      session.stepForward();
      return true;
    case 'ArrowLeft':
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
