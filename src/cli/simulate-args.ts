/**
 * Command-line arguments of `vrrpscope simulate`, checked strictly: an unknown flag, a flag without
 * its value or a value that is not what the flag takes is a one-line error (exit 2), never ignored.
 */

/** The longest run `simulate` accepts, in seconds of virtual time (one day). */
export const MAX_UNTIL_S = 86_400;

export interface SimulateArgs {
  file?: string;
  scenario?: string;
  /** Seconds of virtual time; undefined = the scenario's duration, else 60. */
  untilS?: number;
  /** Unix time of t = 0 for capture timestamps, seconds. */
  epochS: number;
  json: boolean;
  all: boolean;
  help: boolean;
  pcap?: string;
  pcapng?: string;
  /** Write the scenario as JSON to this file (and run nothing). */
  exportScenario?: string;
  /** Run the scenario under this many seeds and report failover-time distributions. */
  runs?: number;
}

/** The most runs `simulate --runs` accepts. */
export const MAX_RUNS = 100_000;

const VALUE_FLAGS = [
  '--until',
  '--epoch',
  '--pcap',
  '--pcapng',
  '--scenario',
  '--export-scenario',
  '--runs',
] as const;
/** Flags whose value is a number, so a leading `-` is a (negative) value, not a missing one. */
const NUMBER_FLAGS = new Set<string>(['--until', '--epoch', '--runs']);
type ValueFlag = (typeof VALUE_FLAGS)[number];
const BOOLEAN_FLAGS = ['--json', '--all', '--help', '-h'] as const;

/** Seconds as a plain decimal number (no hex, no Infinity, no empty string). */
function seconds(flag: string, text: string): number | string {
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(n)) return `${flag} takes a number of seconds, not '${text}'`;
  return n;
}

/** Parses `args` (after the command name); a string result is the error message. */
export function parseSimulateArgs(args: string[]): SimulateArgs | string {
  const out: SimulateArgs = { epochS: 0, json: false, all: false, help: false };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((BOOLEAN_FLAGS as readonly string[]).includes(a)) {
      if (a === '--json') out.json = true;
      else if (a === '--all') out.all = true;
      else out.help = true;
      continue;
    }
    if ((VALUE_FLAGS as readonly string[]).includes(a)) {
      const flag = a as ValueFlag;
      const value = args[i + 1];
      // A following flag is not a value: `--pcap --json` means the file name was forgotten.
      if (
        value === undefined ||
        value === '' ||
        (value.startsWith('-') && value.length > 1 && !(NUMBER_FLAGS.has(flag) && /^-[\d.]/.test(value)))
      )
        return `${flag} needs a value`;
      if (seen.has(flag)) return `${flag} given twice`;
      seen.add(flag);
      i++;
      if (flag === '--until') {
        const n = seconds(flag, value);
        if (typeof n === 'string') return n;
        if (n < 0) return `--until must not be negative (got ${value})`;
        if (n > MAX_UNTIL_S)
          return `--until ${value} is above the maximum of ${MAX_UNTIL_S} s (one day of virtual time)`;
        out.untilS = n;
      } else if (flag === '--epoch') {
        const n = seconds(flag, value);
        if (typeof n === 'string') return n;
        if (n < 0) return `--epoch must not be negative (got ${value}): capture timestamps start at 1970`;
        out.epochS = n;
      } else if (flag === '--runs') {
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_RUNS)
          return `--runs takes a whole number of runs from 1 to ${MAX_RUNS}, not '${value}'`;
        out.runs = Number(value);
      } else if (flag === '--pcap') out.pcap = value;
      else if (flag === '--pcapng') out.pcapng = value;
      else if (flag === '--export-scenario') out.exportScenario = value;
      else out.scenario = value;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) return `unknown option ${a} (see --help)`;
    if (out.file !== undefined) return `expected one scenario file, got '${out.file}' and '${a}'`;
    out.file = a;
  }
  if (out.file !== undefined && out.scenario !== undefined)
    return 'give either a SCENARIO.json or --scenario NAME, not both';
  if (out.runs !== undefined) {
    const single = (['--pcap', '--pcapng', '--all', '--export-scenario'] as const).find((f) =>
      f === '--all' ? out.all : seen.has(f),
    );
    if (single) return `--runs reports distributions and cannot be combined with ${single}`;
  }
  return out;
}

/** The last second a classic pcap can stamp: its seconds field is an unsigned 32-bit number (2106). */
export const PCAP_MAX_EPOCH_S = 2 ** 32 - 1;
/** pcapng stamps µs in 64 bits; the writer computes them exactly up to 2^53 µs (year 287396). */
const PCAPNG_MAX_EPOCH_S = Math.floor(Number.MAX_SAFE_INTEGER / 1e6);

/**
 * Null when every capture timestamp of a run of `untilS` seconds from `--epoch` fits the formats
 * asked for; else the error (a wrapped timestamp would silently date the frames 1992 or 2106).
 */
export function epochRangeError(a: SimulateArgs, untilS: number): string | null {
  const last = a.epochS + untilS;
  if (a.pcap !== undefined && last > PCAP_MAX_EPOCH_S)
    return `--epoch ${a.epochS} with --until ${untilS} ends at ${last} s, beyond a pcap timestamp's maximum of ${PCAP_MAX_EPOCH_S} s (2106-02-07); use --pcapng or an earlier --epoch`;
  if (a.pcapng !== undefined && last > PCAPNG_MAX_EPOCH_S)
    return `--epoch ${a.epochS} with --until ${untilS} ends at ${last} s, beyond what a pcapng timestamp holds exactly (${PCAPNG_MAX_EPOCH_S} s)`;
  return null;
}
