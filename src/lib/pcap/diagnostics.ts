/**
 * Collects capture diagnostics, one entry per code with a count (docs/style.md §10: "412 packets
 * truncated", not 412 entries). The first occurrence keeps its position.
 */
import type { Diagnostic, Severity } from '../trace/diagnostic';

export class DiagnosticSink {
  private readonly byCode = new Map<string, Diagnostic>();

  /** Records a problem at `packetIndex` (0-based; -1 before the first packet) and file `byteOffset`. */
  add(
    code: string,
    severity: Severity,
    message: string,
    packetIndex: number,
    byteOffset: number,
    length?: number,
  ): void {
    const seen = this.byCode.get(code);
    if (seen) {
      seen.count = (seen.count ?? 1) + 1;
      return;
    }
    const at = length === undefined ? { packetIndex, byteOffset } : { packetIndex, byteOffset, length };
    this.byCode.set(code, { code, severity, message, at, count: 1 });
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Every diagnostic, the repeated ones with "(n times)" in their message. */
  list(): Diagnostic[] {
    return [...this.byCode.values()].map((d) =>
      (d.count ?? 1) > 1 ? { ...d, message: `${d.message} (${d.count} times; first shown)` } : { ...d },
    );
  }
}
