/**
 * The evidence an incident leaves, as read by src/lib/evidence: every source is recognised from
 * its content (detect.ts), read as far as it can be, and what could not be read is reported with
 * its position (file, line or packet, byte offset).
 */
import type { ByteSource } from '../pcap/source';
import type { Diagnostic } from '../trace/diagnostic';
import type { LogLines } from './log-lines';
import type { LogForm } from './log-line';

export type { LogEntry } from './log-lines';

/** The kinds `vrrpscope investigate --json` names its sources with (issue 11 §4). */
export const EVIDENCE_KINDS = [
  'pcap',
  'pcapng',
  'keepalived-log',
  'syslog',
  'journal',
  'notify-fifo',
  'tcpdump-text',
  'keepalived-json',
  'keepalived-data',
  'keepalived-stats',
  'keepalived-conf',
  'hosts',
] as const;

export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One file (or pasted text) as given. */
export interface EvidenceInput {
  file: string;
  /** The whole file, or for a capture given as `source` its first bytes (enough to recognise it). */
  bytes: Uint8Array;
  /** A capture read a chunk at a time instead of held whole (the CLI's files). */
  source?: ByteSource;
  /** The node it comes from (`--node NAME=FILE`); a keepalived.conf is read for that config id. */
  node?: string;
}

export interface LogRead {
  kind: 'keepalived-log' | 'syslog' | 'journal';
  form: LogForm;
  /** Its lines that are not blank, as columns. */
  lines: LogLines;
  /** The hosts named by the lines (syslog, journald), in order of first appearance. */
  hosts: string[];
  /** 1.x (`VRRP_Instance(X)`), 2.x (`(X)`), or both. */
  dialects: ('1.x' | '2.x')[];
  /** True when stamps carry no year (RFC 3164, journalctl short). */
  yearless: boolean;
  /** Lines that are not keepalived facts (kept as text). */
  textLines: number;
  diagnostics: Diagnostic[];
}
