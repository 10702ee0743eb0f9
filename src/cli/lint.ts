/**
 * `vrrpscope lint FILE... [--json]`: parses each keepalived.conf as keepalived 2.2.7 would, then lints
 * the files together as the nodes of one scenario (VRID consistency, weight analysis). Exit code 1 when
 * any error is found (what keepalived refuses to start with, or a scenario that cannot work).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { lintScenario, parseConfig } from '../lib/config';
import { expandBraces, globToRegExp, includePath } from '../lib/config/include';
import type { Finding, IncludedFile, IncludeResolver, LintNode } from '../lib/config';
import type { Diagnostic } from '../lib/trace/diagnostic';
import { isTextPosition } from '../lib/trace/diagnostic';
import { CliFileError, quietOnClosedPipe, readTextFile } from './files';
import { looksLikeUcarp, parseUcarp } from '../lib/config/ucarp';
import { frrAsKeepalived, looksLikeFrr, parseFrr } from '../lib/config/frr';

export const help = `Usage: vrrpscope lint FILE... [--json]

Checks keepalived.conf files as keepalived 2.2.7 reads them (defaults, corrections and refusals),
FRR configs with vrrpd commands ("interface eth0" / " vrrp 5 ip …") and ucarp command lines
("ucarp --vhid=7 --pass=… --addr=…"; the format is told from each file's text), then together as
the nodes of one network (for CARP: address, password, group and advbase per vhid, equal skews): VRIDs configured differently on different nodes, two
address owners, state MASTER with nopreempt, unicast_ttl without peers, and for each VRID which
single failure (a tracked script failing, an interface going down) moves which VIP to which node,
and which weights can never change the master.

Each node is named by its router_id, else by its file name without ".conf".

Output: one line per problem, "file:line:col: severity: message [code]".
  --json   print {"diagnostics": [...], "instances": [...], "findings": [...]} instead
Exit status: 0 when there is no error, 1 when there is one, 2 on bad usage or unreadable files.`;

/**
 * Expands `include` targets on disk: relative to the including file, with glob and brace patterns.
 * A match that is not a regular non-executable file (a FIFO, a device such as /dev/zero, a
 * directory named exactly, an executable) is returned unread, as keepalived skips it (§7.1):
 * stat() decides before any open(), so a FIFO without a writer cannot block the run.
 */
export const resolveFromDisk: IncludeResolver = (target, fromFile) => {
  const out: string[] = [];
  for (const pattern of expandBraces(includePath(target, fromFile ?? `${process.cwd()}/-`))) {
    const parts = pattern.split('/');
    let paths = [parts[0] === '' ? '/' : '.'];
    for (const part of parts.slice(parts[0] === '' ? 1 : 0)) {
      if (!/[*?[]/.test(part)) {
        paths = paths.map((p) => join(p, part));
        continue;
      }
      const re = globToRegExp(part);
      paths = paths.flatMap((p) =>
        isDir(p)
          ? readdirSync(p)
              .filter((n) => re.test(n))
              .sort()
              .map((n) => join(p, n))
          : [],
      );
    }
    for (const p of paths) if (!out.includes(p) && kindOf(p) !== 'missing') out.push(p);
  }
  return out.map((file): IncludedFile => {
    const kind = kindOf(file);
    if (kind !== 'config')
      return { file, text: '', skip: kind === 'directory' ? 'directory' : 'not-regular' };
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch {
      return { file, text: '', skip: 'not-regular' };
    }
  });
};

/** `config` for a regular non-executable file (what keepalived reads), else what the path is. */
function kindOf(p: string): 'config' | 'directory' | 'other' | 'missing' {
  try {
    const st = statSync(p);
    if (st.isDirectory()) return 'directory';
    return st.isFile() && (st.mode & 0o111) === 0 ? 'config' : 'other';
  } catch {
    return 'missing';
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function line(d: Diagnostic, fallbackFile: string): string {
  const at = isTextPosition(d.at) ? d.at : undefined;
  const where = at ? `${at.file ?? fallbackFile}:${at.line}:${at.col}` : fallbackFile;
  return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
}

/**
 * One file as a lint node, its format told from its text: a ucarp command line, an FRR config with
 * vrrpd commands (each virtual router as the keepalived instance of the same behaviour), or
 * keepalived.conf.
 */
function readNodeFile(text: string, file: string): { name: string; node: Omit<LintNode, 'node'> } {
  const base = basename(file).replace(/\.(conf|sh|txt)$/, '');
  if (looksLikeUcarp(text)) {
    const u = parseUcarp(text, { file });
    return {
      name: base,
      node: { config: parseConfig('', { file }).value, ucarp: u.value, diagnostics: u.diagnostics },
    };
  }
  if (looksLikeFrr(text)) {
    const f = parseFrr(text, { file });
    return {
      name: f.value.hostname ?? base,
      node: { config: frrAsKeepalived(f.value, file), diagnostics: f.diagnostics },
    };
  }
  const { value, diagnostics } = parseConfig(text, { file, resolveInclude: resolveFromDisk });
  return { name: value.globalDefs.routerId ?? base, node: { config: value, diagnostics } };
}

export async function run(args: string[]): Promise<number> {
  quietOnClosedPipe();
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length || files.length === 0) {
    process.stderr.write(
      `vrrpscope lint: ${unknown.length ? `unknown option ${unknown[0]}` : 'no FILE given'}\n\n${help}\n`,
    );
    return 2;
  }
  const nodes: (LintNode & { file: string })[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readTextFile(file);
    } catch (e) {
      if (!(e instanceof CliFileError)) throw e;
      process.stderr.write(`vrrpscope lint: ${e.message}\n`);
      return 2;
    }
    const read = readNodeFile(text, file);
    let node = read.name;
    if (nodes.some((n) => n.node === node)) node = file;
    nodes.push({ ...read.node, node, file });
  }
  const { findings } = lintScenario(nodes);
  const diagnostics = nodes.flatMap((n) => n.diagnostics!.map((d) => ({ ...d, file: n.file })));
  const failed =
    diagnostics.some((d) => d.severity === 'error') || findings.some((f) => f.severity === 'error');
  if (json) {
    const instances = nodes.flatMap((n) =>
      n.config.instances.map((i) => ({
        node: n.node,
        file: n.file,
        name: i.name,
        vrid: i.vrid ?? null,
        interface: i.interface ?? null,
        priority: i.priority,
        state: i.state,
        vips: i.vips.map((v) => `${v.address}/${v.prefix}`),
      })),
    );
    for (const n of nodes)
      if (n.ucarp?.vhid)
        instances.push({
          node: n.node,
          file: n.file,
          name: `vhid ${n.ucarp.vhid}`,
          vrid: n.ucarp.vhid,
          interface: n.ucarp.interface ?? null,
          priority: 0,
          state: 'BACKUP' as const,
          vips: n.ucarp.addr ? [`${n.ucarp.addr}/32`] : [],
        });
    process.stdout.write(JSON.stringify({ diagnostics, instances, findings }, null, 2) + '\n');
    return failed ? 1 : 0;
  }
  const out: string[] = diagnostics.map((d) => line(d, d.file));
  const fileOf = (f: Finding) => nodes.find((n) => n.node === f.node)?.file ?? files[0];
  if (findings.length) out.push('', `Scenario (${nodes.map((n) => n.node).join(', ')}):`);
  out.push(...findings.map((f) => line(f, fileOf(f))));
  const count = (s: string) => [...diagnostics, ...findings].filter((d) => d.severity === s).length;
  out.push('', `${count('error')} error(s), ${count('warning')} warning(s)`);
  process.stdout.write(out.join('\n') + '\n');
  return failed ? 1 : 0;
}
