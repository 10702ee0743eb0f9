/**
 * `vrrpscope analyze CAPTURE [--json] [--hosts FILE] [--config FILE]...`: decodes a pcap/pcapng
 * capture and explains what happened to each virtual router (issue 4).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { analyzeCaptureIndex, type AnalyzeReport } from '../lib/analysis/index';
import { fileSource } from '../lib/pcap/node-source';
import { isCapturePosition } from '../lib/trace/diagnostic';

export const help = `vrrpscope analyze CAPTURE [--json] [--hosts FILE] [--config FILE]...

Reads a pcap or pcapng capture (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2, raw IP, BSD loopback)
and prints, per virtual router (VRID and family): its master runs, its failovers with their latency
and cause (priority-0, silence, higher-priority, tie-break, split-brain), and anomalies (two
masters, TTL not 255, bad checksums, VRID clashes, interval/version/auth mismatches, 255 from a
non-owner, no gratuitous ARP after a takeover, late adverts with a jitter histogram).

  --json          print the report as JSON (times in seconds since the first packet)
  --hosts FILE    name routers from a hosts file
  --config FILE   name routers and instances from keepalived.conf files (repeatable)

Exit status: 0 when the capture was read (a damaged one yields what could be read, plus
diagnostics with packet index and byte offset); 1 when the input is not a capture.`;

function fail(message: string): number {
  process.stderr.write(`vrrpscope analyze: ${message}\n`);
  return 1;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  EINVAL: 'not a regular file',
  EIO: 'input/output error',
};

/** One line for a file that cannot be read: `cannot read PATH: CODE (reason)`. */
function cannotRead(path: string, e: unknown): number {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code) throw e;
  return fail(`cannot read ${path}: ${code}${REASONS[code] ? ` (${REASONS[code]})` : ''}`);
}

export async function run(args: string[]): Promise<number> {
  // `analyze big.pcap | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  let json = false;
  let hostsFile: string | undefined;
  const configFiles: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if ((a === '--hosts' || a === '--config') && args[i + 1] === undefined)
      return fail(`${a} needs a file`);
    else if (a === '--hosts') hostsFile = args[++i];
    else if (a === '--config') configFiles.push(args[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(help + '\n');
      return 0;
    } else if (a.startsWith('--')) return fail(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) return fail('expected exactly one capture file (see --help)');
  let hosts: string | undefined;
  const configs: { file: string; text: string }[] = [];
  let reading = hostsFile ?? '';
  try {
    if (hostsFile) hosts = await readFile(hostsFile, 'utf8');
    for (const f of configFiles) {
      reading = f;
      configs.push({ file: f, text: await readFile(f, 'utf8') });
    }
  } catch (e) {
    return cannotRead(reading, e);
  }
  let source;
  try {
    source = await fileSource(files[0]);
  } catch (e) {
    return cannotRead(files[0], e);
  }
  try {
    const { report, summary } = await analyzeCaptureIndex(source, {
      name: basename(files[0]),
      hosts,
      configs,
      traceRows: 0,
    });
    if (summary.notCapture) return fail(`${files[0]} is not a pcap or pcapng capture`);
    process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return 0;
  } catch (e) {
    // A read that fails midway (EIO on a bad disk, a file removed under us).
    return cannotRead(files[0], e);
  } finally {
    await source.close?.();
  }
}

const s = (x: number) => x.toFixed(6);
/** An address with its node name when one is known: `192.168.3.4 (prod-haproxy-000)`. */
const who = (address: string, node: string | null) => (node ? `${address} (${node})` : address);

/** Long lists keep their first 20 and last 10 lines in the readable report (`--json` has them all). */
function elide(lines: string[]): string[] {
  if (lines.length <= 40) return lines;
  return [...lines.slice(0, 20), `    … ${lines.length - 30} more (see --json)`, ...lines.slice(-10)];
}

/** The readable report: per VRID its master runs, failovers and anomalies, then diagnostics. */
export function formatReport(r: AnalyzeReport): string {
  const out: string[] = [];
  out.push(
    `${r.file}: ${r.format} (${r.linkTypes.join(', ') || 'no link type'}), ${r.packets} packets, ${r.vrrpPackets} VRRP`,
  );
  if (r.epochStart !== null)
    out.push(
      `first packet at ${new Date(r.epochStart * 1000).toISOString()} (times below are seconds since then)`,
    );
  for (const v of r.routers) {
    out.push(
      '',
      `VRID ${v.vrid} (${v.family}, VRRPv${v.versions.join('+v')}) — ${v.virtualAddresses.join(' ') || 'no addresses'}`,
    );
    out.push('  master runs:');
    for (const line of elide(
      v.masters.map(
        (m) =>
          `    ${s(m.from)} – ${s(m.to)}  ${who(m.source, m.node).padEnd(16)} ${String(m.adverts).padStart(6)} adverts, priority ${m.priorities.join('→')}`,
      ),
    ))
      out.push(line);
    if (v.failovers.length > 0) out.push('  failovers:');
    for (const line of elide(
      v.failovers.map(
        (f) =>
          `    ${s(f.at)}  ${who(f.from, f.fromNode)} → ${who(f.to, f.toNode)}  after ${f.gap.toFixed(3)} s  (${f.cause})`,
      ),
    ))
      out.push(line);
    const an = r.anomalies.filter((a) => a.vrid === v.vrid);
    if (an.length > 0) out.push('  anomalies:');
    for (const a of an) out.push(`    ${s(a.at)}  [${a.code}] ${a.message}`);
  }
  if (r.routers.length === 0) out.push('', 'No VRRP advertisements found.');
  if (r.diagnostics.length > 0) out.push('', 'diagnostics:');
  for (const d of r.diagnostics) {
    const at =
      isCapturePosition(d.at) && d.at.packetIndex >= 0
        ? ` (packet ${d.at.packetIndex + 1}, byte ${d.at.byteOffset})`
        : '';
    out.push(`  ${d.severity}: ${d.message}${at} [${d.code}]`);
  }
  return out.join('\n') + '\n';
}
