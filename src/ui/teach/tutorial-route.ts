/** The tutorial's URL: `#/tutorial/3` opens chapter 3 (1-based); `?present` anywhere turns on presenter mode. */

/** 0-based chapter index from a location hash, clamped to the chapters that exist. */
export function chapterFromHash(hash: string, count: number): number {
  const m = /^#\/tutorial(?:\/(\d+))?/.exec(hash);
  const n = m?.[1] ? Number(m[1]) : 1;
  return Math.max(0, Math.min(count - 1, n - 1));
}

/** The hash of a chapter, keeping the `?…` options that follow the route (present) but not a share state. */
export function chapterHash(index: number, hash: string): string {
  const q = hash.indexOf('?');
  const kept =
    q < 0
      ? []
      : hash
          .slice(q + 1)
          .split('&')
          .filter((p) => p && !p.startsWith('share='));
  return `#/tutorial/${index + 1}${kept.length ? `?${kept.join('&')}` : ''}`;
}

/** Presenter mode is asked for by `?present` in the query or in the hash. */
export function wantsPresenter(search: string, hash: string): boolean {
  return /[?&]present(?:[=&]|$)/.test(search) || /[?&]present(?:[=&]|$)/.test(hash);
}
