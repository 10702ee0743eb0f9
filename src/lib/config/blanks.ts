/** The blanks keepalived's line reader skips between words (space and tab, not other whitespace). */
export const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** The index of the first character at or after `i` in `s` that is not a blank. */
export function skipBlanks(s: string, i: number): number {
  while (isBlank(s[i])) i++;
  return i;
}
