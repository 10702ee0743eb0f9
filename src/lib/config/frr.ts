/**
 * FRR's vrrpd configuration (frr.conf / vtysh: `interface eth0` then ` vrrp 5 version 3`,
 * ` vrrp 5 priority 200`, ` vrrp 5 ip 10.0.0.1`, ` vrrp 5 ipv6 2001:db8::1`,
 * ` vrrp 5 advertisement-interval 1500`, ` no vrrp 5 preempt`, ` vrrp 5 shutdown`), with FRR's defaults
 * (vrrpd/vrrp.h: version 3, priority 100, 1000 ms, preempt on) and ranges. Each virtual router becomes
 * a keepalived `vrrp_instance` of the same behaviour (one per address family, as FRR runs one per
 * family), so the scenario lint and the simulator treat an FRR node like any other; every instance and
 * VIP keeps its position in the FRR file.
 */
import { parseCidr } from '../net/address';
import type { Diagnostic, TextPosition } from '../trace/diagnostic';
import type { KeepalivedConfig } from './model';
import { parseConfig } from './parser';

export interface FrrVrrp {
  interface: string;
  vrid: number;
  version: 2 | 3;
  priority: number;
  /** advertisement-interval, ms. */
  intervalMs: number;
  preempt: boolean;
  shutdown: boolean;
  vips: { address: string; family: 'ipv4' | 'ipv6'; at: TextPosition }[];
  /** The first line naming this VRID on its interface. */
  at: TextPosition;
}

export interface FrrConfig {
  hostname?: string;
  routers: FrrVrrp[];
}

/** vrrpd/vrrp.h VRRP_DEFAULT_*. */
const DEFAULTS = { version: 3 as const, priority: 100, intervalMs: 1000 };

/** Whether a text looks like an FRR config with vrrpd commands. */
export function looksLikeFrr(text: string): boolean {
  return /^\s*(no\s+)?vrrp\s+\d+/m.test(text) && /^\s*interface\s+\S+/m.test(text) && !text.includes('{');
}

export function parseFrr(
  text: string,
  opts: { file?: string } = {},
): { value: FrrConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: FrrConfig = { routers: [] };
  let iface: string | null = null;
  const lines = (typeof text === 'string' ? text : '').split('\n');
  lines.forEach((raw, k) => {
    const line = raw.replace(/\r$/, '');
    const body = line.replace(/^\s+/, '');
    const col = line.length - body.length + 1;
    const pos = (from = col, len = body.length): TextPosition => ({
      ...(opts.file ? { file: opts.file } : {}),
      line: k + 1,
      col: from,
      endLine: k + 1,
      endCol: from + len,
    });
    const err = (code: string, message: string, severity: Diagnostic['severity'] = 'error', at = pos()) =>
      diagnostics.push({ code, severity, message, at });
    if (body === '' || body.startsWith('!') || body.startsWith('#')) return;
    const words = body.split(/\s+/);
    if (words[0] === 'hostname' && words[1]) {
      out.hostname = words[1];
      return;
    }
    if (words[0] === 'interface') {
      iface = words[1] ?? null;
      if (!iface) err('frr.interface-name', '% Command incomplete: interface needs a name');
      return;
    }
    if (words[0] === 'exit' || words[0] === 'exit-vrf' || words[0] === 'end') {
      iface = null;
      return;
    }
    const negated = words[0] === 'no';
    const w = negated ? words.slice(1) : words;
    if (w[0] !== 'vrrp') {
      // Another daemon's command, or a new node of the config (router bgp …): it ends the interface.
      if (col === 1) iface = null;
      return;
    }
    if (!iface) {
      err('frr.vrrp-outside-interface', `"${body}": vrrp commands belong inside an "interface" block`);
      return;
    }
    const vrid = /^\d+$/.test(w[1] ?? '') ? Number(w[1]) : NaN;
    if (!(vrid >= 1 && vrid <= 255)) {
      err('frr.vrid-range', `% Unknown command: VRID must be 1-255 (got "${w[1] ?? ''}")`);
      return;
    }
    let r = out.routers.find((x) => x.interface === iface && x.vrid === vrid);
    if (!r) {
      r = { interface: iface, vrid, ...DEFAULTS, preempt: true, shutdown: false, vips: [], at: pos() };
      out.routers.push(r);
    }
    const [kw, arg] = [w[2], w[3]];
    const argAt = () => pos(col + body.lastIndexOf(arg ?? ''), (arg ?? '').length || 1);
    const num = (lo: number, hi: number, what: string): number | null => {
      const n = /^\d+$/.test(arg ?? '') ? Number(arg) : NaN;
      if (n >= lo && n <= hi) return n;
      err('frr.out-of-range', `% ${what} must be ${lo}-${hi} (got "${arg ?? ''}")`, 'error', argAt());
      return null;
    };
    switch (kw) {
      case undefined:
        if (negated) out.routers = out.routers.filter((x) => x !== r);
        break;
      case 'version': {
        if (negated) r.version = DEFAULTS.version;
        else if (arg === '2' || arg === '3') r.version = Number(arg) as 2 | 3;
        else err('frr.version', `% version must be 2 or 3 (got "${arg ?? ''}")`, 'error', argAt());
        break;
      }
      case 'priority': {
        const n = negated ? DEFAULTS.priority : num(1, 254, 'priority');
        if (n !== null) r.priority = n;
        break;
      }
      case 'advertisement-interval': {
        const n = negated ? DEFAULTS.intervalMs : num(10, 40950, 'advertisement-interval (ms)');
        if (n !== null && n % 10 !== 0)
          err(
            'frr.interval-granularity',
            `advertisement-interval ${n} ms: VRRP carries centiseconds, so FRR uses ${Math.floor(n / 10) * 10} ms`,
            'warning',
            argAt(),
          );
        if (n !== null) r.intervalMs = Math.floor(n / 10) * 10;
        break;
      }
      case 'preempt':
        r.preempt = !negated;
        break;
      case 'shutdown':
        r.shutdown = !negated;
        break;
      case 'ip':
      case 'ipv6': {
        const family = kw === 'ip' ? 'ipv4' : 'ipv6';
        const c = parseCidr(arg?.includes('/') ? arg : `${arg}/${family === 'ipv4' ? 32 : 128}`);
        if (!arg || !c || c.family !== family) {
          err(
            'frr.bad-address',
            `% Malformed ${kw === 'ip' ? 'IPv4' : 'IPv6'} address "${arg ?? ''}"`,
            'error',
            argAt(),
          );
          break;
        }
        if (negated) r.vips = r.vips.filter((v) => v.address !== c.address);
        else if (!r.vips.some((v) => v.address === c.address))
          r.vips.push({ address: c.address, family, at: argAt() });
        break;
      }
      case 'checksum-with-ipv4-pseudoheader':
        break;
      default:
        err('frr.unknown-command', `% Unknown command: ${body}`, 'warning');
    }
  });
  for (const r of out.routers) {
    if (!r.vips.length)
      diagnostics.push({
        code: 'frr.no-address',
        severity: 'warning',
        message: `VRRP ${r.vrid} on ${r.interface} has no address: FRR keeps it in Initialize`,
        at: r.at,
      });
    if (r.version === 2 && r.vips.some((v) => v.family === 'ipv6'))
      diagnostics.push({
        code: 'frr.v2-ipv6',
        severity: 'error',
        message: `VRRP ${r.vrid} on ${r.interface}: IPv6 addresses need version 3`,
        at: r.at,
      });
  }
  return { value: out, diagnostics };
}

/** keepalived.conf text that runs the same virtual routers (one instance per router and family). */
function keepalivedText(cfg: FrrConfig): {
  text: string;
  sources: { r: FrrVrrp; family: 'ipv4' | 'ipv6' }[];
} {
  const sources: { r: FrrVrrp; family: 'ipv4' | 'ipv6' }[] = [];
  const blocks: string[] = [];
  for (const r of cfg.routers) {
    if (r.shutdown) continue;
    for (const family of ['ipv4', 'ipv6'] as const) {
      const vips = r.vips.filter((v) => v.family === family);
      if (!vips.length) continue;
      sources.push({ r, family });
      blocks.push(
        [
          `vrrp_instance ${r.interface}_${r.vrid}${family === 'ipv6' ? '_v6' : ''} {`,
          `  state BACKUP`,
          `  interface ${r.interface}`,
          `  virtual_router_id ${r.vrid}`,
          `  version ${r.version}`,
          `  priority ${r.priority}`,
          `  advert_int ${r.intervalMs / 1000}`,
          ...(r.preempt ? [] : ['  nopreempt']),
          `  virtual_ipaddress {`,
          ...vips.map((v) => `    ${v.address}`),
          `  }`,
          `}`,
        ].join('\n'),
      );
    }
  }
  return { text: blocks.join('\n\n') + '\n', sources };
}

/**
 * An FRR node as a scenario node's `config`: keepalived.conf text running the same virtual routers
 * (the simulator has no FRR of its own; FRR and keepalived differ on the wire, not in these rules).
 */
export function frrScenarioConfig(cfg: FrrConfig): string {
  const head = cfg.hostname ? `global_defs {\n  router_id ${cfg.hostname}\n}\n\n` : '';
  return head + keepalivedText(cfg).text;
}

/**
 * An FRR config as the keepalived model the lint and the simulator read, every instance and VIP
 * pointing at its line in the FRR file (keepalived's own diagnostics about the generated text are
 * not the user's, and are left out).
 */
export function frrAsKeepalived(cfg: FrrConfig, file?: string): KeepalivedConfig {
  const { text, sources } = keepalivedText(cfg);
  const parsed = parseConfig(text, { file: file ?? 'frr' }).value;
  parsed.instances.forEach((inst, k) => {
    const src = sources[k];
    if (!src) return;
    inst.at = src.r.at;
    inst.vips.forEach((v, j) => (v.at = src.r.vips.filter((x) => x.family === src.family)[j]?.at));
  });
  if (cfg.hostname) parsed.globalDefs.routerId = cfg.hostname;
  return parsed;
}
