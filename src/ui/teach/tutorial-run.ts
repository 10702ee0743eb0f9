/**
 * The tutorial's scenario (the library's Panda: haproxy killed and restarted on prod-haproxy-000) and
 * the stretch of virtual time each chapter plays.
 */
import { US_PER_S } from '../../lib/trace/time';
import { panda } from '../../lib/scenarios';
import type { Scenario } from '../../lib/scenario/types';
import type { Micros, Trace } from '../../lib/trace/types';
import type { Chapter } from './chapters';

/** Where the slow-motion chapter looks when a run has no failover (the scenario's first fault + 5 s). */
const FALLBACK_FAILOVER_S = 25;

/** Panda as in the story, with the failure and the repair the tutorial walks through. */
export function tutorialScenario(): Scenario {
  return { ...panda.build(), name: 'panda-tutorial' };
}

/** Time of the nth failover of `vrid` (the first election, from nobody, does not count), or null. */
export function failoverAt(trace: Trace, vrid: number, nth: number): Micros | null {
  let seen = 0;
  for (const e of trace.events) {
    if (e.kind !== 'failover' || e.vrid !== vrid || e.from === null) continue;
    if (seen++ === nth) return e.t;
  }
  return null;
}

export interface ChapterRange {
  fromUs: Micros;
  toUs: Micros;
  /** Playback rate while the chapter plays (virtual seconds per wall second). */
  speed: number;
  /** False for still chapters. */
  plays: boolean;
}

/** Resolves a chapter's time against a trace; a missing failover falls back to 10 s of playing. */
export function chapterRange(chapter: Chapter, trace: Trace): ChapterRange {
  const time = chapter.time;
  const clamp = (t: number) => Math.max(0, Math.min(trace.endUs, Math.round(t)));
  if (time.kind === 'at')
    return { fromUs: clamp(time.s * US_PER_S), toUs: clamp(time.s * US_PER_S), speed: 1, plays: false };
  if (time.kind === 'until-failover') {
    const f = failoverAt(trace, time.vrid, time.nth);
    const to = f === null ? (time.fromS + 10) * US_PER_S : f + time.afterS * US_PER_S;
    return { fromUs: clamp(time.fromS * US_PER_S), toUs: clamp(to), speed: time.speed, plays: true };
  }
  const f = failoverAt(trace, time.vrid, time.nth) ?? FALLBACK_FAILOVER_S * US_PER_S;
  return {
    fromUs: clamp(f - time.beforeS * US_PER_S),
    toUs: clamp(f + time.afterS * US_PER_S),
    speed: time.speed,
    plays: true,
  };
}
