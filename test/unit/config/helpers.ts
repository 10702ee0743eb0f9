/** Shared helpers of the keepalived.conf tests. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../../src/lib/config';
import type { Diagnostic } from '../../../src/lib/trace/diagnostic';
import { REPO_ROOT } from '../../shared-path';

export function fixture(name: string): string {
  return readFileSync(resolve(REPO_ROOT, 'test/fixtures/conf', name), 'utf8');
}

/** Parses and indexes the diagnostics by code. */
export function parse(text: string) {
  const r = parseConfig(text, { file: 'k.conf' });
  const find = (code: string): Diagnostic | undefined => r.diagnostics.find((d) => d.code === code);
  const codes = r.diagnostics.map((d) => d.code);
  return { ...r, find, codes, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** A minimal valid instance with `body` lines added. */
export function instance(body: string, name = 'VI', vrid = '51'): string {
  return `vrrp_instance ${name} {\n  interface eth0\n  virtual_router_id ${vrid}\n${body}\n}\n`;
}

const probe = spawnSync('keepalived', ['-v'], { encoding: 'utf8' });
/**
 * True when the real daemon (2.2.x) is installed and the host has `eth0`, the interface the test
 * configs name: keepalived stops at a missing interface before printing the messages compared.
 */
export const hasKeepalived =
  !probe.error &&
  /Keepalived v2\.2\./.test(`${probe.stdout}${probe.stderr}`) &&
  existsSync('/sys/class/net/eth0');

let dir: string | undefined;
/**
 * Runs `keepalived -t -f FILE` (config test only, no daemon) and returns what it printed, with the
 * file name in "(k.conf: Line N)" prefixes.
 */
export function keepalivedTest(text: string): { output: string; status: number | null } {
  dir ??= mkdtempSync(join(tmpdir(), 'vrrpscope-kt-'));
  const file = join(dir, 'k.conf');
  writeFileSync(file, text);
  const r = spawnSync('keepalived', ['-t', '-f', file], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  return { output: `${r.stdout}${r.stderr}`.replaceAll(file, 'k.conf'), status: r.status };
}
