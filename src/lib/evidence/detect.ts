/**
 * Recognises what a piece of evidence is from its content alone (never its name): capture magic
 * numbers, JSON shapes, keepalived's dump layouts, configuration keywords, notify lines, tcpdump
 * lines, log stamps, hosts files.
 */
import { stampedShare } from './keepalived-log';
import { factOf } from './log-facts';
import { parseLogLine } from './log-line';
import { NOTIFY_LINE } from './notify';
import { looksLikeTcpdump } from './tcpdump-text';
import { decodeText, firstLines, looksLikeText } from './text';
import type { EvidenceKind } from './types';

function magic(bytes: Uint8Array): EvidenceKind | null {
  if (bytes.length < 4) return null;
  const m = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(m)) return 'pcap';
  if (m === 0x0a0d0d0a) return 'pcapng';
  return null;
}

function jsonKind(bytes: Uint8Array): EvidenceKind | null {
  const head = decodeText(bytes.subarray(0, 64)).trimStart();
  if (!head.startsWith('[') && !head.startsWith('{')) return null;
  try {
    const doc = JSON.parse(decodeText(bytes)) as unknown;
    const items = Array.isArray(doc) ? doc : (doc as Record<string, unknown> | null)?.vrrp;
    if (Array.isArray(items) && items.some((i) => i && typeof i === 'object' && 'data' in i))
      return 'keepalived-json';
    if (Array.isArray(doc) && doc.length === 0) return 'keepalived-json';
    if (doc && typeof doc === 'object' && 'MESSAGE' in doc) return 'journal';
  } catch {
    // One JSON object a line: journalctl -o json.
    const lines = firstLines(bytes, 5);
    if (lines.length > 0 && lines.every((l) => parseLogLine(l, 1970).form === 'journal-json'))
      return 'journal';
  }
  return null;
}

const CONF_WORDS =
  /^\s*(vrrp_instance|vrrp_script|vrrp_sync_group|global_defs|virtual_server|include|static_ipaddress|vrrp_track_process)\b/m;

/** The kind of the evidence, or null when it is none vrrpscope reads. */
export function detectKind(bytes: Uint8Array): EvidenceKind | null {
  const cap = magic(bytes);
  if (cap) return cap;
  if (bytes.length === 0 || !looksLikeText(bytes)) return null;
  const json = jsonKind(bytes);
  if (json) return json;
  const lines = firstLines(bytes, 40);
  const head = lines.join('\n');
  if (
    /^-+< (Global definitions|VRRP Topology|VRRP Scripts) >-+$/m.test(head) ||
    /^ VRRP Instance = \S/m.test(head)
  )
    return 'keepalived-data';
  if (/^VRRP Instance: \S/m.test(head) && /^\s+(Advertisements|Became master):/m.test(head))
    return 'keepalived-stats';
  const notify = lines.filter((l) => NOTIFY_LINE.test(l)).length;
  if (notify > 0 && notify >= lines.length / 2) return 'notify-fifo';
  if (looksLikeTcpdump(lines)) return 'tcpdump-text';
  const stamped = stampedShare(lines);
  const facts = lines.filter((l) => factOf(parseLogLine(l, 1970).message) !== null).length;
  if (stamped >= 0.5 || (facts > 0 && facts >= lines.length / 4)) {
    const forms = lines.map((l) => parseLogLine(l, 1970).form);
    if (forms.filter((f) => f === 'journal-json').length > lines.length / 2) return 'journal';
    if (forms.filter((f) => f === 'console' || f === 'bare').length > lines.length / 2)
      return 'keepalived-log';
    return 'syslog';
  }
  if (CONF_WORDS.test(decodeText(bytes.subarray(0, 1 << 20)))) return 'keepalived-conf';
  const hostsLines = lines.filter((l) => !l.trimStart().startsWith('#'));
  if (hostsLines.length > 0 && hostsLines.every((l) => /^\s*[0-9a-fA-F.:]+\s+\S+/.test(l))) return 'hosts';
  return null;
}
