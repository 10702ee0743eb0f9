/**
 * The classroom's URLs. `#/exercises` lists the library; `#/exercise/ID` opens one, and a student's
 * link adds their name and key: `#/exercise/ID?n=Ada%20Lovelace&k=…`. The teacher's page is
 * `?teacher#k=CLASSKEY`: the class key lives only in the fragment, which is never sent to a server.
 */

/** The lab exercise graded on the student's own capture (not a JSON exercise). */
export const OWN_CAPTURE = 'own-capture';

export type ExerciseRoute =
  { view: 'list' } | { view: 'exercise'; id: string; name: string | null; key: string | null };

export function exerciseRoute(hash: string): ExerciseRoute | null {
  if (/^#\/exercises\/?(\?|$)/.test(hash)) return { view: 'list' };
  const m = /^#\/exercise\/([A-Za-z0-9_-]+)(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const q = new URLSearchParams(m[2] ?? '');
  return { view: 'exercise', id: m[1], name: q.get('n'), key: q.get('k') };
}

/** A student's link to an exercise (relative to the app's page). */
export function exerciseHash(id: string, name?: string, key?: string): string {
  const q = new URLSearchParams();
  if (name) q.set('n', name);
  if (key) q.set('k', key);
  const s = q.toString();
  return `#/exercise/${id}${s ? `?${s}` : ''}`;
}

/** The class key of the teacher's page, from `#k=…`. */
export function classKeyFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('k');
}

export function wantsTeacher(search: string): boolean {
  return /[?&]teacher(?:[=&]|$)/.test(search);
}
