/**
 * The recordings of the real keepalived daemon in captures/ (made by `npm run captures:record`): each
 * `<name>.truth.json` beside its `<name>.pcap` or `.pcapng`. Read by `simulate --runs` (to set a
 * scenario's distributions beside the recording it replays) and by the fidelity tests.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeCapture } from '../lib/analysis';
import { failoverTimes, recordedFailovers, type RecordedFailover } from '../lib/runs';
import { replaysTruth, truthHosts, truthToScenario, type Truth } from '../lib/scenario/truth';
import type { Scenario } from '../lib/scenario/types';

export interface Recording {
  name: string;
  /** Absolute path of the .pcap or .pcapng. */
  capture: string;
  truth: Truth;
}

/** captures/ of this checkout, or $VRRPSCOPE_RECORDINGS (to check a fresh re-recording before it replaces them). */
export const CAPTURES_DIR =
  process.env.VRRPSCOPE_RECORDINGS ?? fileURLToPath(new URL('../../captures/', import.meta.url));

/** Every recording in `dir`, by name; throws when a truth file has no capture beside it. */
export function recordings(dir = CAPTURES_DIR): Recording[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.truth.json'.length);
      const capture = ['pcap', 'pcapng'].map((ext) => join(dir, `${name}.${ext}`)).find((p) => existsSync(p));
      if (!capture) throw new Error(`captures/${f} has no capture beside it`);
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Truth;
      return { name, capture, truth };
    });
}

/** The recording in `dir` whose truth `scenario` replays (scenario/truth.ts), or null; unreadable recordings are skipped. */
export function recordingOf(scenario: Scenario, dir = CAPTURES_DIR): Recording | null {
  let all: Recording[];
  try {
    all = recordings(dir);
  } catch {
    return null;
  }
  return all.find((r) => replaysTruth(scenario, r.truth)) ?? null;
}

/**
 * The recording's failovers as the daemon reported them, with the gap since the old master's last
 * advert from its capture (analysed with the truth's node names).
 */
export async function measuredFailovers(rec: Recording): Promise<RecordedFailover[]> {
  const bytes = new Uint8Array(readFileSync(rec.capture));
  const { trace } = await analyzeCapture(bytes, { name: rec.name, hosts: truthHosts(rec.truth) });
  return recordedFailovers(rec.truth, failoverTimes(trace));
}

/**
 * The scenario JSON that replays a truth file's text (for `simulate captures/NAME.truth.json`), or why
 * it is not one; the scenario validator then checks it like any scenario file.
 */
export function truthScenarioText(text: string): { text: string; error?: undefined } | { error: string } {
  let truth: Truth;
  try {
    truth = JSON.parse(text) as Truth;
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  if (!truth || typeof truth !== 'object' || !Array.isArray(truth.nodes) || !Array.isArray(truth.events))
    return { error: 'not a truth file (no "nodes" and "events" arrays)' };
  try {
    return { text: JSON.stringify(truthToScenario(truth)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
