/**
 * tcpdump text as users paste it (docs/keepalived-outputs.md §5.1): `-n`/`-nn`, `-v`/`-vv` (the IP
 * header in parentheses, the VRRP line indented below it, `addrs:`), `-e` (MACs), and the
 * default, `-tt` and `-tttt` time forms; VRRP, CARP, ARP and ICMPv6 neighbour advertisements.
 * Every other line is kept and counted. The packets become frames (tcpdumpFrames) so that the
 * capture analysis reads them like a capture without the bytes.
 */
import type { Diagnostic } from '../trace/diagnostic';
import { US_PER_S } from '../trace/time';
import { canonicalIP, parseMac } from '../net/address';
import { linePosition } from './keepalived-log';
import { fraction, isoStamp } from './timestamps';
import { splitLines, type TextLine } from './text';

export interface TextPacket {
  /** Line of the packet's first text line. */
  line: number;
  offset: number;
  /** µs since the epoch (-tt, -tttt), or µs since the date's midnight (default form). */
  tUs: number | null;
  type: 'vrrp' | 'carp' | 'arp' | 'ndp';
  family: 'ipv4' | 'ipv6';
  src: string;
  dst: string;
  srcMac?: string;
  dstMac?: string;
  ttl?: number;
  ipId?: number;
  vrrp?: {
    version: 2 | 3;
    vrid: number;
    priority: number;
    intervalCs: number;
    authType?: number;
    /** Listed only with -v. */
    addresses?: string[];
  };
  /** ARP request/reply or NA: the address announced, gratuitous when sender = target. */
  announce?: { address: string; mac?: string; gratuitous: boolean };
}

export interface TcpdumpRead {
  packets: TextPacket[];
  /** 'date' when stamps carry a date or an epoch, 'time' when only the time of day. */
  timeForm: 'date' | 'time' | 'none';
  /** Lines of other traffic or text (kept, counted). */
  otherLines: number;
  flags: { verbose: boolean; ethernet: boolean };
  diagnostics: Diagnostic[];
}

const AUTH: Record<string, number> = { none: 0, simple: 1, ah: 2 };
const TIME_OF_DAY = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?\s+/;
const EPOCH = /^(\d{9,11})\.(\d{1,9})\s+/;
const MAC_RE = '[0-9a-f]{2}(?::[0-9a-f]{2}){5}';
// -e: `MAC > MAC, ethertype IPv4 (0x0800), length 54: ` (and 802.1Q tags); the protocol word that
// -e leaves out (`IP `, `IP6 `, `ARP, `) is put back from the ethertype.
const ETH = new RegExp(
  `^(${MAC_RE}) > (${MAC_RE}|Broadcast), (?:ethertype (\\S+) \\(0x[0-9a-f]+\\)|802\\.3)[^:]*?, length \\d+: (?:vlan \\d+, p \\d+, ethertype (\\S+) \\(0x[0-9a-f]+\\), )*`,
  'i',
);
const ARP_REQUEST =
  /^ARP, (?:Ethernet \(len 6\), IPv4 \(len 4\), )?Request who-has (\S+)(?: \(([^)]+)\))? tell (\S+?),/;
const ARP_REPLY = /^ARP, (?:Ethernet \(len 6\), IPv4 \(len 4\), )?Reply (\S+) is-at (\S+?),/;
const ETHERTYPE_WORD: Record<string, string> = { IPv4: 'IP ', IPv6: 'IP6 ', ARP: 'ARP, ' };

/** Does a line start like a tcpdump packet line (any time form)? */
export function tcpdumpStamp(
  line: string,
): { tUs: number | null; length: number; form: 'date' | 'time' | 'none' } | null {
  const iso = isoStamp(line);
  if (iso && /^\d{4}-\d\d-\d\d \d/.test(line))
    return { tUs: iso.epochUs, length: iso.length + 1, form: 'date' };
  let m = EPOCH.exec(line);
  if (m) return { tUs: Number(m[1]) * US_PER_S + fraction(m[2]).us, length: m[0].length, form: 'date' };
  m = TIME_OF_DAY.exec(line);
  if (m)
    return {
      tUs: ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * US_PER_S + fraction(m[4]).us,
      length: m[0].length,
      form: 'time',
    };
  return null;
}

/** True when the text looks like tcpdump output (for detection). */
export function looksLikeTcpdump(lines: string[]): boolean {
  let hits = 0;
  for (const l of lines) {
    const s = tcpdumpStamp(l);
    const rest = s ? l.slice(s.length) : l;
    if (/^(?:IP6? |ARP, |[0-9a-f]{2}(?::[0-9a-f]{2}){5} > )/.test(rest) || /: VRRPv[23], /.test(rest)) hits++;
  }
  return hits > 0 && hits >= lines.length / 3;
}

function ipOf(s: string): string | null {
  // -n prints addresses; without it tcpdump may print names, and a trailing port never appears.
  return canonicalIP(s.replace(/[,:]$/, ''));
}

/** Reads one packet's text (the header line joined with its -v continuation lines). */
function packetOf(text: string, l: TextLine, tUs: number | null): TextPacket | 'other' {
  let s = text;
  let srcMac: string | undefined;
  let dstMac: string | undefined;
  const eth = ETH.exec(s);
  if (eth) {
    srcMac = eth[1].toLowerCase();
    dstMac = eth[2] === 'Broadcast' ? 'ff:ff:ff:ff:ff:ff' : eth[2].toLowerCase();
    s = s.slice(eth[0].length);
    const word = ETHERTYPE_WORD[eth[4] ?? eth[3] ?? ''];
    if (word && !s.startsWith(word)) s = word + s;
  }
  let m: RegExpExecArray | null;
  const arp = (src: string, dst: string, announce: TextPacket['announce'], mac = srcMac): TextPacket => ({
    line: l.line,
    offset: l.offset,
    tUs,
    type: 'arp',
    family: 'ipv4',
    src,
    dst,
    srcMac: mac,
    dstMac,
    announce,
  });
  if ((m = ARP_REQUEST.exec(s))) {
    const target = ipOf(m[1]);
    const sender = ipOf(m[3]);
    if (!target || !sender) return 'other';
    return arp(sender, target, { address: sender, mac: srcMac, gratuitous: sender === target });
  }
  if ((m = ARP_REPLY.exec(s))) {
    const a = ipOf(m[1]);
    if (!a || !parseMac(m[2])) return 'other';
    const mac = m[2].toLowerCase();
    return arp(a, a, { address: a, mac, gratuitous: false }, srcMac ?? mac);
  }
  // The -v header `(tos 0xc0, ttl 255, …, proto VRRP (112), length 40)` holds one level of
  // parentheses; the pattern is unambiguous so that a hostile line cannot make it backtrack.
  m = /^(IP6?) (?:\(((?:[^()]|\([^()]*\))*)\)\s*)?(\S+) > (\S+?): (.*)$/s.exec(s);
  if (!m) return 'other';
  const family = m[1] === 'IP6' ? 'ipv6' : 'ipv4';
  const src = ipOf(m[3]);
  const dst = ipOf(m[4]);
  if (!src || !dst) return 'other';
  const hdr = m[2] ?? '';
  const ttlM = /\b(?:ttl|hlim) (\d+)/.exec(hdr);
  const idM = /\bid (\d+)/.exec(hdr);
  const body = m[5];
  const base = {
    line: l.line,
    offset: l.offset,
    tUs,
    family,
    src,
    dst,
    srcMac,
    dstMac,
    ttl: ttlM ? Number(ttlM[1]) : undefined,
    ipId: idM ? Number(idM[1]) : undefined,
  } as const;
  let v: RegExpExecArray | null;
  if (
    (v =
      /^VRRPv([23]), Advertisement, vrid (\d+), prio (\d+)(?:, authtype (\w+))?, intvl (\d+)(s|cs), length \d+(?:, addrs(?:\(\d+\))?: ([^"]*?))?(?: auth "[^"]*")?\s*$/.exec(
        body,
      ))
  ) {
    const version = Number(v[1]) as 2 | 3;
    const addrs = v[7]
      ?.trim()
      .split(/[\s,]+/)
      .filter((a) => a.length > 0)
      .map((a) => canonicalIP(a));
    if (addrs?.some((a) => a === null)) return 'other';
    return {
      ...base,
      type: 'vrrp',
      vrrp: {
        version,
        vrid: Number(v[2]),
        priority: Number(v[3]),
        intervalCs: v[6] === 's' ? Number(v[5]) * 100 : Number(v[5]),
        authType: v[4] ? AUTH[v[4]] : undefined,
        addresses: addrs as string[] | undefined,
      },
    };
  }
  if (/^CARPv\d/.test(body)) return { ...base, type: 'carp' };
  if ((v = /^ICMP6, neighbor advertisement, (?:length \d+, )?tgt is (\S+?),/.exec(body))) {
    const a = ipOf(v[1]);
    if (!a) return 'other';
    return { ...base, type: 'ndp', announce: { address: a, mac: srcMac, gratuitous: dst === 'ff02::1' } };
  }
  return 'other';
}

export function readTcpdumpText(bytes: Uint8Array, opts: { file?: string } = {}): TcpdumpRead {
  const lines = splitLines(bytes);
  const packets: TextPacket[] = [];
  const diagnostics: Diagnostic[] = [];
  let otherLines = 0;
  let firstOther: TextLine | null = null;
  const forms = new Set<string>();
  let verbose = false;
  let ethernet = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.text.trim() === '') continue;
    if (/^\s/.test(l.text)) {
      // A continuation line with no packet line before it.
      otherLines++;
      firstOther ??= l;
      continue;
    }
    const st = tcpdumpStamp(l.text);
    forms.add(st ? st.form : 'none');
    let text = st ? l.text.slice(st.length) : l.text;
    // -v puts the VRRP/ICMP6 summary on the indented lines that follow the IP header.
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1].text)) {
      text += ' ' + lines[++i].text.trim();
      verbose = true;
    }
    const p = packetOf(text, l, st ? st.tUs : null);
    if (p === 'other') {
      otherLines++;
      firstOther ??= l;
      continue;
    }
    if (p.dstMac) ethernet = true;
    if (p.ttl !== undefined) verbose = true;
    packets.push(p);
  }
  if (otherLines > 0 && firstOther)
    diagnostics.push({
      code: 'evidence.tcpdump-other',
      severity: 'info',
      message: `${otherLines} line(s) are no VRRP, CARP, ARP or neighbour advertisement (kept as text)`,
      at: linePosition(opts.file, firstOther),
      count: otherLines,
    });
  if (packets.length > 0 && !packets.some((p) => p.vrrp))
    diagnostics.push({
      code: 'evidence.tcpdump-no-vrrp',
      severity: 'warning',
      message:
        "This text holds no VRRP adverts: capture with `tcpdump -n -v -e -i IFACE 'vrrp or arp or icmp6'`",
    });
  if (packets.some((p) => p.vrrp && !p.vrrp.addresses))
    diagnostics.push({
      code: 'evidence.tcpdump-no-addresses',
      severity: 'info',
      message:
        "Without -v tcpdump does not print the adverts' addresses or TTL: VIP lists and TTL cannot be checked",
    });
  const timeForm = forms.has('date') ? 'date' : forms.has('time') ? 'time' : 'none';
  return { packets, timeForm, otherLines, flags: { verbose, ethernet }, diagnostics };
}
