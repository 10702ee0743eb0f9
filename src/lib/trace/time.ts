/**
 * Trace time: integer microseconds from the trace origin. The one definition of the unit and of
 * the µs → seconds formatters every layer uses.
 */

/** Integer microseconds since the trace origin. */
export type Micros = number;

export const US_PER_S = 1_000_000;
export const US_PER_MS = 1_000;

/** `25.222656` — seconds with µs precision, as Wireshark's frame.time_relative prints them. */
export function secondsExact(us: Micros): string {
  return (us / US_PER_S).toFixed(6);
}

/** `25.223 s` — seconds with ms precision and the unit, for prose and labels. */
export function secondsLabel(us: Micros, digits = 3): string {
  return `${(us / US_PER_S).toFixed(digits)} s`;
}

/** Seconds as a number (JSON reports). */
export function toSeconds(us: Micros): number {
  return us / US_PER_S;
}
