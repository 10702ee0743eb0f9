/**
 * The capture file the replay was read from, kept beside the session for what reads the file again:
 * the packet list's pages and the replay's window around the current time (issue 13). Null until a
 * capture is opened; a scenario shown since leaves it unused (`openedFor`).
 */
import type { CaptureWindow, SparseIndex } from '../../lib/analysis/sparse-index';
import type { ConfigFile } from '../../lib/analysis/naming';
import type { Diagnostic } from '../../lib/trace/diagnostic';
import type { Trace } from '../../lib/trace/types';

export interface OpenedCapture {
  file: Blob;
  name: string;
  hosts: string;
  configs: ConfigFile[];
  pages: SparseIndex;
  /** The part of the file the shown Trace holds. */
  window: CaptureWindow;
  /** The whole capture's diagnostics (from its streamed analysis). */
  diagnostics: Diagnostic[];
}

let opened = $state.raw<OpenedCapture | null>(null);

export function setOpenedCapture(c: OpenedCapture | null): void {
  opened = c;
}

/** The opened capture if `trace` was read from it. */
export function openedFor(trace: Trace | null): OpenedCapture | null {
  const c = opened;
  if (!c || !trace || trace.origin.source !== 'capture' || trace.origin.name !== c.name) return null;
  return trace.origin.epochUs === c.window.originUs ? c : null;
}
