/**
 * A capture is a recording: nothing can be injected into it or re-run from it. The simulation-only
 * controls (Faults, the node menu's fault items, Fork, Config editing) say so with this one sentence.
 */
export const CAPTURE_READ_ONLY = 'Captures are read-only: open the Panda scenario to inject faults.';
