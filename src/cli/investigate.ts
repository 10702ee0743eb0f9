/**
 * `vrrpscope investigate FILE… [--config F]… [--hosts F] [--node NAME=FILE]… [--year Y] [--json]`:
 * every piece of evidence on one timeline, with a cause for every transition, the incidents and a
 * diagnosis (issue 11).
 */
import { checkRegularFile, CliFileError, quietOnClosedPipe } from './files';
import { readFile } from 'node:fs/promises';
import { investigate, type InvestigateInput } from '../lib/evidence/investigate';
import { captureThreads } from './investigate-threads';
import { formatInvestigation, investigationJson } from '../lib/evidence/report';
import { detectKind } from '../lib/evidence/detect';
import { checkAgainstConfigs } from '../lib/evidence/reality';
import { simulate } from '../lib/sim/run';
import { fileSource } from '../lib/pcap/node-source';
import type { ByteSource } from '../lib/pcap/source';

/** Enough of a file to recognise a capture by its magic number. */
const HEAD_BYTES = 64;
const CAPTURE_KINDS = new Set(['pcap', 'pcapng']);

export const help = `vrrpscope investigate FILE... [--config F]... [--hosts F] [--node NAME=FILE]... [--year Y] [--json]

Reads everything an incident left, in any order, each recognised from its content: pcap/pcapng
captures (one per node and/or a switch port), keepalived logs (1.x and 2.x, syslog, journalctl
short/short-iso/short-precise/json, --log-console, --log-file), notify FIFO logs, SIGJSON/SIGUSR1/
SIGUSR2 dumps, pasted tcpdump text, keepalived.conf files and hosts files. It puts them on one clock
(the first capture's, else the first log's), names the nodes, gives every transition its cause and
chain, groups them into incidents (failover, split-brain, flapping, no-master) and diagnoses.
With configs it also simulates them with the faults the evidence shows (a script failing, a stop, a
kill, a freeze, a link, a split brain) over the evidence's span, and reports each change of master
the configs do not predict (configs-predict-otherwise).

  --config F         a keepalived.conf (also recognised without the flag)
  --hosts F          a hosts file naming addresses
  --node NAME=FILE   FILE is evidence from node NAME
  --year Y           the year of syslog stamps that carry none
  --json             print {sources, nodes, transitions, incidents, diagnoses, unanswered}

Exit status: 0 when at least one file was read; 1 (one line) when none could be; 2 on bad arguments.`;

function fail(message: string, code = 1): number {
  process.stderr.write(`vrrpscope investigate: ${message}\n`);
  return code;
}

export async function run(args: string[]): Promise<number> {
  quietOnClosedPipe();
  let json = false;
  let year: number | undefined;
  // A file may be pinned to several nodes: one shared keepalived.conf is read once per node.
  const files: { file: string; kind?: InvestigateInput['kind']; node?: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => args[++i];
    if (a === '--json') json = true;
    else if (['--config', '--hosts', '--node', '--year'].includes(a) && args[i + 1] === undefined)
      return fail(`${a} needs a value`, 2);
    else if (a === '--config') files.push({ file: value(), kind: 'keepalived-conf' });
    else if (a === '--hosts') files.push({ file: value(), kind: 'hosts' });
    else if (a === '--node') {
      const m = /^([^=]+)=(.+)$/.exec(value());
      if (!m) return fail('--node takes NAME=FILE', 2);
      const open = files.find((f) => f.file === m[2] && f.node === undefined);
      if (open) open.node = m[1];
      else files.push({ file: m[2], node: m[1], kind: files.find((f) => f.file === m[2])?.kind });
    } else if (a === '--year') {
      year = Number(value());
      if (!Number.isInteger(year) || year < 1970 || year > 9999)
        return fail('--year takes a year such as 2026', 2);
    } else if (a.startsWith('--')) return fail(`unknown option ${a}`, 2);
    else if (!files.some((f) => f.file === a)) files.push({ file: a });
  }
  if (files.length === 0) return fail('expected at least one file (see --help)', 2);
  const inputs: InvestigateInput[] = [];
  const sources: ByteSource[] = [];
  const failures: string[] = [];
  for (const f of files) {
    try {
      // stat() first: opening a FIFO with no writer would block the run for ever.
      checkRegularFile(f.file);
      // A capture is read a chunk at a time, never held whole; anything else is small text.
      const source = await fileSource(f.file);
      const head = await source.read(0, HEAD_BYTES);
      const capture = f.kind === undefined && CAPTURE_KINDS.has(detectKind(head) ?? '');
      if (capture) sources.push(source);
      else await source.close?.();
      inputs.push({
        file: f.file,
        bytes: capture ? head : new Uint8Array(await readFile(f.file)),
        ...(capture ? { source } : {}),
        kind: f.kind,
        node: f.node,
      });
    } catch (e) {
      // A file that cannot be read (missing, a directory, a FIFO, no permission) is reported; a bug is not hidden.
      if (e instanceof CliFileError) failures.push(e.message.slice('cannot read '.length));
      else if ((e as NodeJS.ErrnoException)?.code)
        failures.push(`${f.file}: ${(e as NodeJS.ErrnoException).code}`);
      else throw e;
    }
  }
  const threads = captureThreads();
  const inv = await investigate(inputs, {
    year,
    fallbackYear: new Date().getUTCFullYear(),
    readCaptureAside: threads.readCaptureAside,
  }).finally(() => Promise.all([...sources.map((src) => src.close?.()), threads.close()]));
  for (const u of inv.unreadable) failures.push(`${u.file}: ${u.reason}`);
  if (inv.sources.length === 0) return fail(`no file could be read (${failures.join('; ')})`);
  for (const f of failures.filter((x) => !inv.unreadable.some((u) => x.startsWith(u.file + ':'))))
    inv.unanswered.push(`cannot read ${f}`);
  // Configs against reality: the faults the evidence shows, simulated on the configs given.
  const reality = checkAgainstConfigs(inv, simulate);
  inv.diagnoses.push(...reality.diagnoses);
  inv.unanswered.push(...reality.unanswered);
  process.stdout.write(
    json ? JSON.stringify(investigationJson(inv), null, 2) + '\n' : formatInvestigation(inv),
  );
  return 0;
}
