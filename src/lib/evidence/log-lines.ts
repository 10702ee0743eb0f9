/**
 * A log's lines as columns, one row per line that is not blank. Most lines of a log are no fact, and
 * an object per line (a hundred thousand per log, each surviving the young generation) cost more in
 * garbage collection than reading the log: the rows are typed columns, a fact is kept by row, and a
 * line is made an entry object only when asked for.
 */
import type { LogFact } from './log-facts';
import type { LogProcess } from './log-line';
import { spanText } from './text';

/** One line of a log, stamped. */
export interface LogEntry {
  line: number;
  offset: number;
  /** µs since the epoch as stamped (wall-clock stamps read as UTC); null when unstamped. */
  epochUs: number | null;
  resolutionUs: number;
  host?: string;
  process?: LogProcess;
  /** The message after the stamp and tag. */
  text: string;
  fact: LogFact | null;
}

/** The processes by code (0: none named). */
const PROCESSES: (LogProcess | undefined)[] = [undefined, 'vrrp', 'parent', 'checker', 'other'];

export class LogLines {
  length = 0;
  /** 1-based line number in the file. */
  readonly line: Uint32Array;
  /** Byte offset of the line's first byte. */
  readonly offset: Float64Array;
  /** µs since the epoch as stamped; NaN when unstamped. */
  readonly epochUs: Float64Array;
  readonly resolutionUs: Float64Array;
  /** 1 + the host's index in `hostNames`; 0 when the line names none. */
  private readonly hostCode: Uint32Array;
  /** The hosts the lines name, in order of first appearance. */
  readonly hostNames: string[] = [];
  /** Each host's code: a shared syslog file may name many hosts, so no search of `hostNames` per line. */
  private readonly hostCodes = new Map<string, number>();
  private readonly processCode: Uint8Array;
  /** The message's bytes [offset + textFrom, offset + textFrom + textLength), when it is kept as bytes. */
  private readonly textFrom: Uint32Array;
  private readonly textLength: Uint32Array;
  /** Messages kept as text (a line read by the line parser), by row. */
  private readonly texts = new Map<number, string>();
  /** The facts, by row, in row order. */
  readonly facts = new Map<number, LogFact>();

  /** `capacity`: at least the number of lines to come. */
  constructor(
    private readonly bytes: Uint8Array,
    capacity: number,
  ) {
    this.line = new Uint32Array(capacity);
    this.offset = new Float64Array(capacity);
    this.epochUs = new Float64Array(capacity);
    this.resolutionUs = new Float64Array(capacity);
    this.hostCode = new Uint32Array(capacity);
    this.processCode = new Uint8Array(capacity);
    this.textFrom = new Uint32Array(capacity);
    this.textLength = new Uint32Array(capacity);
  }

  /**
   * Appends a line. `message` is its text, or null when it is the bytes [from, end) (read only if
   * asked for); `epochUs` null when unstamped.
   */
  push(
    line: number,
    offset: number,
    epochUs: number | null,
    resolutionUs: number,
    fact: LogFact | null,
    message: string | null,
    from: number,
    end: number,
    host?: string,
    process?: LogProcess,
  ): void {
    const i = this.length++;
    this.line[i] = line;
    this.offset[i] = offset;
    this.epochUs[i] = epochUs ?? NaN;
    this.resolutionUs[i] = resolutionUs;
    if (host !== undefined) {
      let code = this.hostCodes.get(host);
      if (code === undefined) this.hostCodes.set(host, (code = this.hostNames.push(host)));
      this.hostCode[i] = code;
    }
    if (process !== undefined) this.processCode[i] = PROCESSES.indexOf(process);
    if (message !== null) this.texts.set(i, message);
    else {
      this.textFrom[i] = from - offset;
      this.textLength[i] = end - from;
    }
    if (fact) this.facts.set(i, fact);
  }

  /** µs since the epoch as stamped, or null. */
  stamp(i: number): number | null {
    const t = this.epochUs[i];
    return Number.isNaN(t) ? null : t;
  }

  host(i: number): string | undefined {
    const k = this.hostCode[i];
    return k === 0 ? undefined : this.hostNames[k - 1];
  }

  /** True when row i belongs to the lane of `host` ('' takes every line). */
  onLane(i: number, host: string): boolean {
    return host === '' || (this.host(i) ?? '') === host;
  }

  process(i: number): LogProcess | undefined {
    return PROCESSES[this.processCode[i]];
  }

  fact(i: number): LogFact | null {
    return this.facts.get(i) ?? null;
  }

  /** The message after the stamp and tag. */
  text(i: number): string {
    const kept = this.texts.get(i);
    if (kept !== undefined) return kept;
    const from = this.offset[i] + this.textFrom[i];
    return spanText(this.bytes, from, from + this.textLength[i]);
  }

  /** Row i as an entry object. */
  entry(i: number): LogEntry {
    return {
      line: this.line[i],
      offset: this.offset[i],
      epochUs: this.stamp(i),
      resolutionUs: this.resolutionUs[i],
      host: this.host(i),
      process: this.process(i),
      text: this.text(i),
      fact: this.fact(i),
    };
  }

  /** Every row as an entry object (tests, and readers of a few short logs). */
  entries(): LogEntry[] {
    return Array.from({ length: this.length }, (_, i) => this.entry(i));
  }

  /** True when some line's message satisfies `test` (each message decoded in turn). */
  some(test: (text: string) => boolean): boolean {
    for (let i = 0; i < this.length; i++) if (test(this.text(i))) return true;
    return false;
  }

  /** The first stamp of the log, or null. */
  firstStamp(): number | null {
    for (let i = 0; i < this.length; i++) if (!Number.isNaN(this.epochUs[i])) return this.epochUs[i];
    return null;
  }

  /** The last stamp of the log, or null. */
  lastStamp(): number | null {
    for (let i = this.length - 1; i >= 0; i--) if (!Number.isNaN(this.epochUs[i])) return this.epochUs[i];
    return null;
  }
}
