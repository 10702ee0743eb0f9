/**
 * Typed diagnostics shared by every library (docs/style.md §10). Library code returns
 * `{ value, diagnostics }`; it never throws for bad input.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A span in a text file (1-based lines and columns; `endCol` is exclusive). */
export interface TextPosition {
  file?: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Byte offset of the line's first byte, where the reader counted it (evidence files). */
  byteOffset?: number;
}

/** A place in a capture file: the packet (0-based) and the absolute byte offset in the file. */
export interface CapturePosition {
  packetIndex: number;
  byteOffset: number;
  length?: number;
}

/** A moment of a trace (simulation or capture), integer µs from the trace origin. */
export interface TimePosition {
  t: number;
}

export type Position = TextPosition | CapturePosition | TimePosition;

export interface Diagnostic {
  /** Stable dotted id, e.g. `config.unknown-keyword`, `pcap.truncated-record`, `vrrp.bad-checksum`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where it happened. Errors found at config completion have no text position (keepalived prints none). */
  at?: Position;
  hint?: string;
  /** When one problem repeats, it is reported once with a count (docs/style.md §10). */
  count?: number;
}

export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function isTextPosition(p: Position | undefined): p is TextPosition {
  return !!p && 'line' in p;
}

export function isCapturePosition(p: Position | undefined): p is CapturePosition {
  return !!p && 'packetIndex' in p;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
