/**
 * keepalived's state dumps (docs/keepalived-outputs.md §1a–c): `keepalived.json` (SIGJSON,
 * `json_version` 1: a top-level array of {data, stats}; 2: the array under "vrrp"; `state` is
 * 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT), `keepalived.data` (SIGUSR1, the 2.x layout and the older
 * one without Wantstate / Effective priority) and `keepalived.stats` (SIGUSR2). Each becomes the
 * node's instances at the time of the dump.
 */
import type { Diagnostic } from '../trace/diagnostic';
import { US_PER_S } from '../trace/time';
import { linePosition } from './keepalived-log';
import type { LogState } from './log-facts';
import { splitLines, decodeText } from './text';

/** The per-instance counters of keepalived.stats / the json `stats` object. */
export interface DumpStats {
  advertRcvd?: number;
  advertSent?: number;
  becomeMaster?: number;
  releaseMaster?: number;
  packetLenErr?: number;
  ttlErr?: number;
  invalidTypeRcvd?: number;
  advertIntervalErr?: number;
  addrListErr?: number;
  invalidAuthType?: number;
  authTypeMismatch?: number;
  authFailure?: number;
  priZeroRcvd?: number;
  priZeroSent?: number;
}

export interface DumpInstance {
  name: string;
  /** Line (text dumps) where the instance's block starts. */
  line?: number;
  state?: LogState;
  vrid?: number;
  version?: number;
  basePriority?: number;
  effectivePriority?: number;
  /** Seconds. */
  advertInterval?: number;
  nopreempt?: boolean;
  vips?: string[];
  interface?: string;
  sourceAddress?: string;
  masterRouter?: string;
  masterPriority?: number;
  lastTransitionUs?: number;
  scripts?: { name: string; weight?: number }[];
  stats?: DumpStats;
}

export interface DumpRead {
  kind: 'keepalived-json' | 'keepalived-data' | 'keepalived-stats';
  /** json_version (json dumps) or 'old' / '2.x' layout (data dumps). */
  layout: string;
  instances: DumpInstance[];
  /** keepalived.data: the scripts section, name → GOOD/BAD. */
  scriptStatus: Record<string, string>;
  routerId?: string;
  /** keepalived.data's Interfaces section: name → MAC and address. */
  interfaces: { name: string; mac?: string; address?: string }[];
  diagnostics: Diagnostic[];
}

const JSON_STATES: Record<number, LogState> = { 0: 'INIT', 1: 'BACKUP', 2: 'MASTER', 3: 'FAULT', 98: 'STOP' };
const n = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

const STAT_KEYS: Record<string, keyof DumpStats> = {
  advert_rcvd: 'advertRcvd',
  advert_sent: 'advertSent',
  become_master: 'becomeMaster',
  release_master: 'releaseMaster',
  packet_len_err: 'packetLenErr',
  advert_interval_err: 'advertIntervalErr',
  ip_ttl_err: 'ttlErr',
  invalid_type_rcvd: 'invalidTypeRcvd',
  addr_list_err: 'addrListErr',
  invalid_authtype: 'invalidAuthType',
  authtype_mismatch: 'authTypeMismatch',
  auth_failure: 'authFailure',
  pri_zero_rcvd: 'priZeroRcvd',
  pri_zero_sent: 'priZeroSent',
};

function empty(kind: DumpRead['kind'], layout: string): DumpRead {
  return { kind, layout, instances: [], scriptStatus: {}, interfaces: [], diagnostics: [] };
}

/** A SIGJSON dump; `null` when the text is not one. */
export function readJsonDump(bytes: Uint8Array, file?: string): DumpRead | null {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeText(bytes));
  } catch {
    return null;
  }
  let list: unknown;
  let layout = '1';
  if (Array.isArray(doc)) list = doc;
  else if (doc && typeof doc === 'object' && Array.isArray((doc as Record<string, unknown>).vrrp)) {
    list = (doc as Record<string, unknown>).vrrp;
    layout = '2';
  } else return null;
  const out = empty('keepalived-json', layout);
  for (const [i, item] of (list as unknown[]).entries()) {
    const data = (item as Record<string, unknown> | null)?.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object' || typeof data.iname !== 'string') {
      out.diagnostics.push({
        code: 'evidence.json-item',
        severity: 'warning',
        message: `Item ${i} of the JSON dump has no data.iname: skipped`,
        at: { file, line: 1, col: 1, endLine: 1, endCol: 1, byteOffset: 0 },
      });
      continue;
    }
    const stats = (item as Record<string, unknown>).stats as Record<string, unknown> | undefined;
    const st: DumpStats = {};
    if (stats && typeof stats === 'object')
      for (const [k, v] of Object.entries(stats))
        if (STAT_KEYS[k] && n(v) !== undefined) st[STAT_KEYS[k]] = n(v);
    const vips = Array.isArray(data.vips)
      ? data.vips.filter((v): v is string => typeof v === 'string').map((v) => v.split(/[\s/]/)[0])
      : undefined;
    const lt = n(data.last_transition);
    out.instances.push({
      name: data.iname,
      state: JSON_STATES[n(data.state) ?? -1],
      vrid: n(data.vrid),
      version: n(data.version),
      basePriority: n(data.base_priority),
      effectivePriority: n(data.effective_priority),
      advertInterval: n(data.adver_int),
      nopreempt:
        typeof data.nopreempt === 'boolean'
          ? data.nopreempt
          : n(data.nopreempt) !== undefined
            ? n(data.nopreempt) !== 0
            : undefined,
      vips,
      interface: typeof data.ifp_ifname === 'string' ? data.ifp_ifname : undefined,
      masterPriority: n(data.master_priority),
      lastTransitionUs: lt !== undefined && lt > 0 ? Math.round(lt * US_PER_S) : undefined,
      stats: st,
    });
  }
  return out;
}

const KV = /^(\s*)([^=]+?)\s*=\s*(.*)$/;

/** A SIGUSR1 dump (keepalived.data), the 2.x layout or the older one. */
export function readDataDump(bytes: Uint8Array, file?: string): DumpRead {
  const out = empty('keepalived-data', '2.x');
  let section = '';
  let inst: DumpInstance | null = null;
  let list: 'vips' | 'scripts' | null = null;
  let script: string | null = null;
  let iface: DumpRead['interfaces'][number] | null = null;
  let sawWantstate = false;
  for (const l of splitLines(bytes)) {
    const sec = /^-+< (.*) >-+$/.exec(l.text.trim());
    if (sec) {
      section = sec[1];
      inst = null;
      list = null;
      continue;
    }
    const t = l.text;
    if (list && /^\s{5,}\S/.test(t) && inst) {
      if (list === 'vips') (inst.vips ??= []).push(t.trim().split(/[\s/]/)[0]);
      else {
        const m = /^(\S+)(?: weight (-?\d+))?/.exec(t.trim());
        if (m) (inst.scripts ??= []).push({ name: m[1], weight: m[2] ? Number(m[2]) : undefined });
      }
      continue;
    }
    list = null;
    const kv = KV.exec(t);
    if (/VRRP Topology|VRRP Instance/.test(section) || (section === '' && /^\s*VRRP Instance = /.test(t))) {
      if (kv && kv[2] === 'VRRP Instance') {
        inst = { name: kv[3].trim(), line: l.line };
        out.instances.push(inst);
        continue;
      }
      if (!inst) continue;
      if (/^\s+Virtual IP(?: \(\d+\))?\s*[:=]/.test(t)) {
        list = 'vips';
        inst.vips ??= [];
        continue;
      }
      if (/^\s+Tracked scripts\s*:/.test(t)) {
        list = 'scripts';
        continue;
      }
      if (!kv) continue;
      const [key, value] = [kv[2].trim(), kv[3].trim()];
      if (key === 'State') inst.state = (value.toUpperCase() as LogState) ?? undefined;
      else if (key === 'Wantstate') sawWantstate = true;
      else if (key === 'Virtual Router ID') inst.vrid = Number(value);
      else if (key === 'VRRP Version') inst.version = Number(value);
      else if (key === 'Priority') inst.basePriority = Number(value);
      else if (key === 'Effective priority') inst.effectivePriority = Number(value);
      else if (key === 'Advert interval') {
        const m = /^([\d.]+)\s*(sec|milli-sec)?/.exec(value);
        if (m) inst.advertInterval = m[2] === 'milli-sec' ? Number(m[1]) / 1000 : Number(m[1]);
      } else if (key === 'Preempt') inst.nopreempt = value === 'disabled';
      else if (key === 'Interface') inst.interface = value;
      else if (key === 'Using src_ip') inst.sourceAddress = value;
      else if (key === 'Master router') inst.masterRouter = value;
      else if (key === 'Master priority') inst.masterPriority = Number(value);
      else if (key === 'Last transition') {
        const m = /^(\d+)(?:\.(\d{1,6}))?/.exec(value);
        if (m) inst.lastTransitionUs = Number(m[1]) * US_PER_S + Number((m[2] ?? '').padEnd(6, '0'));
      }
    } else if (section === 'VRRP Scripts') {
      if (kv && kv[2].trim() === 'VRRP Script') script = kv[3].trim();
      else if (kv && script && kv[2].trim() === 'Status') out.scriptStatus[script] = kv[3].trim();
    } else if (section === 'Global definitions') {
      if (kv && kv[2].trim() === 'Router ID') out.routerId = kv[3].trim();
    } else if (section === 'Interfaces') {
      if (kv && kv[2].trim() === 'Name') out.interfaces.push((iface = { name: kv[3].trim() }));
      else if (kv && iface && kv[2].trim() === 'MAC') iface.mac = kv[3].trim().toLowerCase();
      else if (kv && iface && kv[2].trim() === 'IPv4 address' && kv[3].trim() !== '(none)')
        iface.address = kv[3].trim();
    }
  }
  if (!sawWantstate && out.instances.length > 0) out.layout = 'old';
  for (const i of out.instances)
    if (i.effectivePriority === undefined && out.layout === 'old') i.effectivePriority = i.basePriority;
  if (out.instances.length === 0)
    out.diagnostics.push({
      code: 'evidence.data-no-instance',
      severity: 'warning',
      message: 'The data dump lists no VRRP instance',
      at: { file, line: 1, col: 1, endLine: 1, endCol: 1, byteOffset: 0 },
    });
  return out;
}

const STATS_LABELS: [RegExp, keyof DumpStats, string?][] = [
  [/^Received$/, 'advertRcvd', 'Advertisements'],
  [/^Sent$/, 'advertSent', 'Advertisements'],
  [/^Became master$/, 'becomeMaster'],
  [/^Released master$/, 'releaseMaster'],
  [/^Length$/, 'packetLenErr', 'Packet Errors'],
  [/^TTL$/, 'ttlErr', 'Packet Errors'],
  [/^Invalid Type$/, 'invalidTypeRcvd', 'Packet Errors'],
  [/^Advertisement Interval$/, 'advertIntervalErr', 'Packet Errors'],
  [/^Address List$/, 'addrListErr', 'Packet Errors'],
  [/^Invalid Type$/, 'invalidAuthType', 'Authentication Errors'],
  [/^Type Mismatch$/, 'authTypeMismatch', 'Authentication Errors'],
  [/^Failure$/, 'authFailure', 'Authentication Errors'],
  [/^Received$/, 'priZeroRcvd', 'Priority Zero'],
  [/^Sent$/, 'priZeroSent', 'Priority Zero'],
];

/** A SIGUSR2 dump (keepalived.stats). Unknown counter lines get a positioned info. */
export function readStatsDump(bytes: Uint8Array, file?: string): DumpRead {
  const out = empty('keepalived-stats', '2.x');
  let inst: DumpInstance | null = null;
  let group = '';
  let unknown = 0;
  let firstUnknown: { line: number; offset: number; text: string } | null = null;
  for (const l of splitLines(bytes)) {
    const t = l.text;
    if (t.trim() === '') continue;
    const head = /^VRRP Instance: (.*)$/.exec(t);
    if (head) {
      inst = { name: head[1].trim(), line: l.line, stats: {} };
      out.instances.push(inst);
      group = '';
      continue;
    }
    const m = /^\s+([^:]+):\s*(\d+)?\s*$/.exec(t);
    if (!inst || !m) {
      unknown++;
      firstUnknown ??= l;
      continue;
    }
    const label = m[1].trim();
    if (m[2] === undefined) {
      group = label;
      continue;
    }
    const hit =
      STATS_LABELS.find(([re, , g]) => re.test(label) && g === group) ??
      STATS_LABELS.find(([re, , g]) => re.test(label) && g === undefined);
    if (hit) inst.stats![hit[1]] = Number(m[2]);
    // 2.4's "Authentication Extension Errors" block and other newer counters are kept unread.
    if (/^\S/.test(t)) group = '';
  }
  if (unknown > 0 && firstUnknown)
    out.diagnostics.push({
      code: 'evidence.stats-unread',
      severity: 'info',
      message: `${unknown} line(s) of the stats dump were not read`,
      at: linePosition(file, firstUnknown),
      count: unknown,
    });
  return out;
}
