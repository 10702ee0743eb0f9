/**
 * `vrrpscope analyze` as a user runs it: the `--json` shape of issue 4, exit 1 with one line for
 * input that is not a capture, and a damaged capture read as far as possible with positioned
 * diagnostics.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sharedPath } from '../../shared-path';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'analyze', ...args], { encoding: 'utf8' });

describe('vrrpscope analyze', () => {
  it('--json prints exactly the report shape', () => {
    const r = cli(sharedPath('captures/public/packetlife-VRRP_failover.pcap'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'file',
      'format',
      'linkTypes',
      'epochStart',
      'packets',
      'vrrpPackets',
      'carpPackets',
      'routers',
      'anomalies',
      'diagnostics',
    ]);
    expect(j).toMatchObject({
      file: 'packetlife-VRRP_failover.pcap',
      format: 'pcap',
      linkTypes: ['EN10MB'],
      epochStart: 1213855701.147824,
      packets: 32,
      vrrpPackets: 32,
      carpPackets: 0,
    });
    // Issue 12 adds the protocol (VRRP or CARP on IP protocol 112).
    expect(Object.keys(j.routers[0])).toEqual([
      'protocol',
      'vrid',
      'family',
      'versions',
      'virtualAddresses',
      'masters',
      'failovers',
    ]);
    // Issue 4's fields exactly, plus the node names (null when no --hosts / --config names them).
    expect(Object.keys(j.routers[0].masters[0])).toEqual([
      'source',
      'node',
      'from',
      'to',
      'adverts',
      'priorities',
    ]);
    expect(Object.keys(j.routers[0].failovers[0])).toEqual([
      'at',
      'from',
      'fromNode',
      'to',
      'toNode',
      'gap',
      'cause',
      'why',
    ]);
    expect(j.routers[0].masters[0].node).toBeNull();
    expect(Object.keys(j.anomalies[0])).toEqual(['code', 'at', 'vrid', 'protocol', 'message']);
  });

  it('the readable report lists runs, failovers with their latency, and anomalies', () => {
    const r = cli(sharedPath('captures/public/packetlife-VRRP_failover.pcap'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('VRID 1 (ipv4, VRRPv2) — 192.168.0.1');
    expect(r.stdout).toContain('192.168.0.10 → 192.168.0.30  after 3.641 s  (');
    expect(r.stdout).toContain('192.168.0.10 went silent');
    expect(r.stdout).toContain('[dual-master]');
  });

  it('exits 1 with one line for input that is not a capture', () => {
    const p = join(dir, 'notes.txt');
    writeFileSync(p, 'not a capture at all\n');
    const r = cli(p);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`vrrpscope analyze: ${p} is not a pcap or pcapng capture`]);
  });

  it('a damaged capture yields what could be read, with packet index and byte offset', () => {
    const whole = readFileSync(sharedPath('captures/public/packetlife-VRRP_failover.pcap'));
    const p = join(dir, 'cut.pcap');
    writeFileSync(p, whole.subarray(0, whole.length - 30));
    const r = cli(p, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packets).toBe(31);
    expect(j.diagnostics[0]).toMatchObject({
      code: 'pcap.truncated-record',
      severity: 'error',
      at: { packetIndex: 31 },
    });
    expect(j.diagnostics[0].at.byteOffset).toBeGreaterThan(0);
  });
});

describe('vrrpscope analyze on input it cannot read', () => {
  const oneLine = (r: ReturnType<typeof cli>, path: string) => {
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^vrrpscope analyze: cannot read ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `),
    );
    expect(r.stdout).toBe('');
  };

  it('a directory: exit 1 with one line, no stack trace', () => {
    const r = cli(dir);
    oneLine(r, dir);
    expect(r.stderr).toContain('EISDIR');
  });

  it('a missing file: exit 1 with one line', () => {
    const p = join(dir, 'no-such.pcap');
    const r = cli(p);
    oneLine(r, p);
    expect(r.stderr).toContain('ENOENT');
  });

  it('a file without read permission: exit 1 with one line', () => {
    const p = join(dir, 'secret.pcap');
    writeFileSync(p, readFileSync(sharedPath('captures/public/packetlife-VRRP_failover.pcap')));
    chmodSync(dir, 0o711);
    chmodSync(p, 0o000);
    // root reads any file: run the CLI as `nobody` then, so the permission check is real.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'analyze', p], {
      encoding: 'utf8',
      ...asUser,
    });
    oneLine(r, p);
    expect(r.stderr).toContain('EACCES');
  });

  it('an unreadable --hosts or --config file: exit 1 with one line', () => {
    const cap = sharedPath('captures/public/packetlife-VRRP_failover.pcap');
    oneLine(cli(cap, '--hosts', dir), dir);
    const p = join(dir, 'missing.conf');
    oneLine(cli(cap, '--config', p), p);
  });
});

/**
 * Who was master of what in captures/panda.pcap (a real recording of the two Panda configs): VRID 200
 * 000 (priority 100, then 98 once haproxy died) → 001 (99) → 000 again; VRID 201 000 briefly, then 001.
 */
function expectPandaNamed(
  j: { routers: { vrid: number; masters: { source: string; node: string | null }[] }[] },
  n000: string | null,
  n001: string | null,
) {
  const a = `192.168.3.4 ${n000}`;
  const b = `192.168.3.5 ${n001}`;
  expect(
    j.routers.map((r) => ({ vrid: r.vrid, masters: r.masters.map((m) => `${m.source} ${m.node}`) })),
  ).toEqual([
    { vrid: 200, masters: [a, b, a] },
    { vrid: 201, masters: [a, b] },
  ]);
}

describe('vrrpscope analyze names the routers', () => {
  const panda = join(REPO_ROOT, 'captures/panda.pcap');
  const confs = [0, 1].map((n) => join(REPO_ROOT, `test/fixtures/conf/prod-haproxy-00${n}.conf`));

  it('--hosts: runs and failovers carry the hosts-file names, in JSON and in the text report', () => {
    const hosts = join(dir, 'hosts');
    writeFileSync(
      hosts,
      "# the story's hosts\n192.168.3.4 prod-haproxy-000.panda.com prod-haproxy-000\n192.168.3.5\tprod-haproxy-001.panda.com\n",
    );
    const r = cli(panda, '--json', '--hosts', hosts);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expectPandaNamed(j, 'prod-haproxy-000.panda.com', 'prod-haproxy-001.panda.com');
    expect(j.routers[0].failovers[0]).toMatchObject({
      from: '192.168.3.4',
      fromNode: 'prod-haproxy-000.panda.com',
      to: '192.168.3.5',
      toNode: 'prod-haproxy-001.panda.com',
    });
    const text = cli(panda, '--hosts', hosts).stdout;
    expect(text).toContain(
      '192.168.3.4 (prod-haproxy-000.panda.com) → 192.168.3.5 (prod-haproxy-001.panda.com)',
    );
    expect(text).toMatch(/16\.633815 – 27\.636727 +192\.168\.3\.5 \(prod-haproxy-001\.panda\.com\)/);
  });

  it('--hosts names the routers in anomalies too (captures/split-brain.pcap)', () => {
    const hosts = join(dir, 'lab-hosts');
    writeFileSync(hosts, '192.168.50.11 n1\n192.168.50.12 n2\n');
    const text = cli(join(REPO_ROOT, 'captures/split-brain.pcap'), '--hosts', hosts).stdout;
    expect(text).toContain('[dual-master] 192.168.50.11 (n1) and 192.168.50.12 (n2) both advertise');
  });

  it('two --config files: each source is named after the keepalived.conf whose instance it matches', () => {
    const r = cli(panda, '--json', '--config', confs[0], '--config', confs[1]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expectPandaNamed(j, 'prod-haproxy-000', 'prod-haproxy-001');
    expect(
      j.routers[0].failovers.map((f: { fromNode: string; toNode: string }) => `${f.fromNode}→${f.toNode}`),
    ).toEqual(['prod-haproxy-000→prod-haproxy-001', 'prod-haproxy-001→prod-haproxy-000']);
    const text = cli(panda, '--config', confs[0], '--config', confs[1]).stdout;
    expect(text).toContain('192.168.3.5 (prod-haproxy-001) → 192.168.3.4 (prod-haproxy-000)');
  });

  it('a single --config names only what it matches, the rest stays unnamed', () => {
    const j = JSON.parse(cli(panda, '--json', '--config', confs[1]).stdout);
    // 001's config alone: VRID 200 at 99 and VRID 201 at 100 are 001's; 000's priorities match nothing.
    expectPandaNamed(j, null, 'prod-haproxy-001');
  });
});

describe('the cached analyze bundle (src/cli/bin.mjs)', () => {
  it('records every source it was built from with its current mtime, so an edit rebuilds it', () => {
    expect(cli(sharedPath('captures/public/packetlife-VRRP_failover.pcap'), '--json').status).toBe(0);
    const cache = join(REPO_ROOT, 'node_modules/.cache/vrrpscope');
    expect(existsSync(join(cache, 'analyze.mjs'))).toBe(true);
    const { inputs } = JSON.parse(readFileSync(join(cache, 'analyze.json'), 'utf8')) as {
      inputs: Record<string, number>;
    };
    for (const file of ['src/cli/analyze.ts', 'src/lib/analysis/indexer.ts', 'src/lib/pcap/reader.ts'])
      expect(inputs[file], file).toBe(statSync(join(REPO_ROOT, file)).mtimeMs);
    // Nothing that needs tsx or the simulator at run time is bundled into analyze.
    expect(
      Object.keys(inputs).filter(
        (f) => !/^src\/(cli|lib\/(analysis|pcap|trace|vrrp|carp|net|text))\//.test(f),
      ),
    ).toEqual([]);
  });
});

describe('vrrpscope analyze: command line and special files', () => {
  it('usage errors exit 2, as lint and simulate do', () => {
    const cap = sharedPath('captures/public/packetlife-VRRP_failover.pcap');
    for (const [args, message] of [
      [[], 'no CAPTURE given'],
      [[cap, '--bogus'], 'unknown option --bogus'],
      [[cap, cap], 'expected one capture file, got 2'],
      [[cap, '--hosts'], '--hosts needs a file'],
      // --json is a flag, never the hosts file.
      [[cap, '--hosts', '--json'], '--hosts needs a file'],
      [[cap, '--config', '--json'], '--config needs a file'],
    ] as [string[], string][]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`vrrpscope analyze: ${message} (see --help)\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('a FIFO with no writer is refused at once, not opened (which would block)', () => {
    const fifo = join(dir, 'capture.fifo');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'src/cli/bin.mjs'), 'analyze', fifo], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`vrrpscope analyze: cannot read ${fifo}: not a regular file (a FIFO)\n`);
    const hosts = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'src/cli/bin.mjs'),
        'analyze',
        join(REPO_ROOT, 'captures/panda.pcap'),
        '--hosts',
        fifo,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(hosts.status).toBe(1);
    expect(hosts.stderr).toBe(`vrrpscope analyze: cannot read ${fifo}: not a regular file (a FIFO)\n`);
  });

  it('counts are in the right number: "1 advert", "2 adverts"', () => {
    const text = cli(join(REPO_ROOT, 'captures/panda.pcap')).stdout;
    expect(text).not.toMatch(/\b1 adverts\b/);
    expect(text).toMatch(/\b1 advert,/);
  });
});
