/**
 * `vrrpscope analyze CAPTURE [--json] [--hosts FILE] [--config FILE]...`: decodes a pcap/pcapng
 * capture and explains what happened to each virtual router (issue 4).
 */
import { basename } from 'node:path';
import { analyzeCaptureIndex, type AnalyzeReport } from '../lib/analysis/index';
import { fileSource } from '../lib/pcap/node-source';
import { useSecondThread, workerHelper } from './analyze-split';
import { isCapturePosition } from '../lib/trace/diagnostic';
import { plural } from '../lib/text/plural';
import { checkRegularFile, CliFileError, errnoText, quietOnClosedPipe, readTextFile } from './files';

export const help = `vrrpscope analyze CAPTURE [--json] [--hosts FILE] [--config FILE]...

Reads a pcap or pcapng capture (Ethernet, 802.1Q/QinQ, Linux cooked v1/v2, raw IP, BSD loopback)
and prints, per virtual router (VRID and family): its master runs, its failovers with their latency
and cause (priority-0, silence, higher-priority, tie-break, split-brain), and anomalies (two
masters, TTL not 255, bad checksums, VRID clashes, interval/version/auth mismatches, 255 from a
non-owner, no gratuitous ARP after a takeover, late adverts with a jitter histogram).

  --json          print the report as JSON (times in seconds since the first packet)
  --hosts FILE    name routers from a hosts file
  --config FILE   name routers and instances from keepalived.conf files (repeatable)

VRRPSCOPE_THREADS=2 decodes a classic pcap file of 64 MiB or more on two threads (the report is
the same; one thread is faster on the machines measured so far).

Exit status: 0 when the capture was read (a damaged one yields what could be read, plus
diagnostics with packet index and byte offset); 1 when a file cannot be read (missing, a
directory, a FIFO or device: checked before opening) or is not a capture; 2 for a bad command line.`;

function fail(message: string, status = 1): number {
  process.stderr.write(`vrrpscope analyze: ${message}\n`);
  return status;
}

/** A bad command line: exit 2, as `lint` and `simulate` do. */
const usageError = (message: string) => fail(`${message} (see --help)`, 2);

/** One line for a file that cannot be read: `cannot read PATH: CODE (reason)`. */
function cannotRead(path: string, e: unknown): number {
  if (e instanceof CliFileError) return fail(e.message);
  if (!(e as NodeJS.ErrnoException)?.code) throw e;
  return fail(`cannot read ${path}: ${errnoText(e)}`);
}

/** The flags that take a value; the value is never another flag (`--hosts --json` lacks the file). */
const VALUE_FLAGS = new Set(['--hosts', '--config']);

export async function run(args: string[]): Promise<number> {
  quietOnClosedPipe();
  let json = false;
  let hostsFile: string | undefined;
  const configFiles: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (VALUE_FLAGS.has(a)) {
      const value = args[i + 1];
      if (value === undefined || value === '' || (value.startsWith('-') && value !== '-'))
        return usageError(`${a} needs a file`);
      i++;
      if (a === '--hosts') {
        if (hostsFile !== undefined) return usageError('--hosts given twice');
        hostsFile = value;
      } else configFiles.push(value);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(help + '\n');
      return 0;
    } else if (a.startsWith('-') && a.length > 1) return usageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1)
    return usageError(files.length ? `expected one capture file, got ${files.length}` : 'no CAPTURE given');
  let hosts: string | undefined;
  const configs: { file: string; text: string }[] = [];
  try {
    if (hostsFile) hosts = readTextFile(hostsFile);
    for (const f of configFiles) configs.push({ file: f, text: readTextFile(f) });
  } catch (e) {
    return cannotRead('', e);
  }
  let source;
  try {
    checkRegularFile(files[0]);
    source = await fileSource(files[0]);
  } catch (e) {
    return cannotRead(files[0], e);
  }
  try {
    const { report, summary } = await analyzeCaptureIndex(source, {
      name: basename(files[0]),
      hosts,
      configs,
      packetIndex: false,
      // A large pcap file is decoded on two threads only when asked for (the report is the same).
      split: useSecondThread() ? { helper: () => workerHelper(files[0]) } : undefined,
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
    `${r.file}: ${r.format} (${r.linkTypes.join(', ') || 'no link type'}), ${r.packets} packets, ${r.vrrpPackets} VRRP${r.carpPackets > 0 ? `, ${r.carpPackets} CARP` : ''}`,
  );
  if (r.epochStart !== null)
    out.push(
      `first packet at ${new Date(r.epochStart * 1000).toISOString()} (times below are seconds since then)`,
    );
  for (const v of r.routers) {
    out.push(
      '',
      v.protocol === 'carp'
        ? `CARP vhid ${v.vrid} (${v.family}; CARP adverts carry no addresses)`
        : `VRID ${v.vrid} (${v.family}, VRRPv${v.versions.join('+v')}) — ${v.virtualAddresses.join(' ') || 'no addresses'}`,
    );
    out.push('  master runs:');
    for (const line of elide(
      v.masters.map(
        (m) =>
          `    ${s(m.from)} – ${s(m.to)}  ${who(m.source, m.node).padEnd(16)} ${plural(m.adverts, 'advert').padStart(14)}, ${m.advskews ? `advbase ${m.advbase} advskew ${m.advskews.join('→')} demote ${(m.demotes ?? []).join('→')}` : `priority ${m.priorities.join('→')}`}`,
      ),
    ))
      out.push(line);
    if (v.failovers.length > 0) out.push('  failovers:');
    for (const line of elide(
      v.failovers.map(
        (f) =>
          `    ${s(f.at)}  ${who(f.from, f.fromNode)} → ${who(f.to, f.toNode)}  after ${f.gap.toFixed(3)} s  (${f.why ?? f.cause})`,
      ),
    ))
      out.push(line);
    const an = r.anomalies.filter((a) => a.vrid === v.vrid && a.protocol === v.protocol);
    if (an.length > 0) out.push('  anomalies:');
    for (const a of an) out.push(`    ${s(a.at)}  [${a.code}] ${a.message}`);
  }
  if (r.routers.length === 0) out.push('', 'No VRRP or CARP advertisements found.');
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
