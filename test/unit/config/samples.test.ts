/**
 * Every sample of ../shared/configs/keepalived-samples parses without a false error. The real daemon
 * (`keepalived -t -f FILE`) is the judge: an error of ours must be one keepalived also reports.
 *
 * What keepalived 2.2.7 itself says about these samples (on a host without their interfaces):
 * - `.vrrp`, `.vrrp.sync`, `.vrrp.lvs_syncd`, `.vrrp.localcheck`, `.conditional_conf`: "WARNING -
 *   interface eth1 for vrrp_instance … doesn't exist" + "Non-existent interface specified in
 *   configuration" — fatal, but only because this host has no eth1/eth2/eth3. That depends on the host,
 *   not the text, so vrrpscope does not report it (the scenario lint does, given the node's interfaces).
 * - `.track_interface`, `.vrrp.routes`, `.vrrp.rules`, `.vrrp.static_ipaddress`: the same host-dependent
 *   interface warnings for routes, rules and static addresses; and, from the text, routes with no
 *   interface ("cannot track route"), the deprecated "or" and "gw", rules with no preference, and
 *   "VRRP parsed invalid IP 192.168.100./24" inside the rules.
 * - `.SSL_GET`: "(VI_1) Initial state master is incompatible with AH authentication - clearing".
 * - `.conditional_conf` (no `-i`): "No script set for vrrp_script check_VI_0 - removing", "(VI_0) track
 *   script check_VI_0 not found, ignoring...".
 * - `.vrrp.lvs_syncd`: "Unknown keyword 'VI_2'" / "'VI_3'" — its sync group lists members without
 *   `group { }`; and "lvs_sync_daemon_interface against a vrrp is deprecated".
 * - `.fwmark`: a virtual_server warning (the LVS checker's, skipped here).
 * None of them is refused for a reason in the text, so none may have an error here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import { sharedPath } from '../../shared-path';
import { hasKeepalived, keepalivedTest } from './helpers';

const dir = sharedPath('configs/keepalived-samples');
const names = readdirSync(dir).sort();

/** keepalived messages that depend on the host (its interfaces), not on the config text. */
const HOST_DEPENDENT = /doesn't exist|Non-existent interface|VROUTE nexthop/;

/**
 * Lines keepalived prints with a position that vrrpscope does not repeat: the second line of a
 * two-line message (vrrpscope puts it in the hint).
 */
const NOT_REPEATED = /^\s+Please use global lvs_sync_daemon$/;

/** What we report that keepalived -t also reports for each sample (message fragments). */
const AGREED: Record<string, string[]> = {
  'keepalived.conf.SSL_GET': [
    '(VI_1) Initial state master is incompatible with AH authentication - clearing',
  ],
  'keepalived.conf.conditional_conf': [
    'No script set for vrrp_script check_VI_0 - removing',
    '(VI_0) track script check_VI_0 not found, ignoring...',
  ],
  'keepalived.conf.vrrp.lvs_syncd': [
    "Unknown keyword 'VI_2'",
    "Unknown keyword 'VI_3'",
    '(VI_1) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.',
  ],
  'keepalived.conf.vrrp.routes': [
    '"or" for routes is deprecated. Please use "nexthop"',
    '"gw" for routes is deprecated. Please use "via"',
    'Warning - cannot track route 0.0.0.0/0 with no interface specified, not tracking',
  ],
  'keepalived.conf.vrrp.rules': [
    'Rule has no preference specified - setting to 16383. This is probably not what you want.',
    'Invalid rule to address 192.168.200./24',
  ],
};

describe('keepalived samples', () => {
  it('the sample set is there', () => expect(names.length).toBeGreaterThanOrEqual(20));
  for (const name of names) {
    const text = readFileSync(`${dir}/${name}`, 'utf8');
    it(`${name}: no error, and the agreed warnings`, () => {
      const r = parseConfig(text, { file: name });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const msg of AGREED[name] ?? []) expect(r.diagnostics.map((d) => d.message)).toContain(msg);
      expect(r.value.instances.length + r.value.skipped.length).toBeGreaterThan(0);
    });
    it.skipIf(!hasKeepalived)(
      `${name}: keepalived -t reports no text-caused fatal error, and agrees with us`,
      () => {
        const { output } = keepalivedTest(text);
        const lines = output.split('\n').filter((l) => l.trim() && !HOST_DEPENDENT.test(l));
        for (const l of lines)
          expect(l).not.toMatch(/must be set|at least one is required|both use VRID|Unknown interface!/);
        for (const msg of AGREED[name] ?? []) expect(output).toContain(msg);
        const ours = parseConfig(text, { file: 'k.conf' }).diagnostics;
        // Every message keepalived prints at a line of the text, vrrpscope prints at that line too.
        for (const l of lines) {
          const m = /^\(k\.conf: Line (\d+)\) (.*)$/.exec(l);
          if (!m || NOT_REPEATED.test(m[2])) continue;
          const same = ours.find((d) => d.message === m[2] && d.at && 'line' in d.at && d.at.line === +m[1]);
          expect(same, l).toBeDefined();
        }
        // Every parse-time warning of ours that keepalived also prints is at the same line.
        for (const d of ours) {
          if (d.severity === 'info' || !d.at || !('line' in d.at)) continue;
          const theirs = lines.find((l) => l.endsWith(d.message) && /\(k\.conf: Line \d+\)/.test(l));
          if (theirs) expect(theirs).toContain(`(k.conf: Line ${d.at.line}) `);
        }
      },
    );
  }
});
