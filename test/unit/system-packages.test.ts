/**
 * `npm test` on a fresh Debian machine: the pretest step (test/system-packages.sh, also run by
 * .ci/run) installs the missing Debian packages as root, and otherwise stops at once with the one
 * command to run. Tried with a PATH that lacks the tools and a stand-in apt-get that records its calls.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-path';

const dir = mkdtempSync(join(tmpdir(), 'vrrpscope-pkgs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(REPO_ROOT, 'test/system-packages.sh');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Runs the check with only `bin` on the PATH (plus bash itself), as `uid`. */
function check(bin: string, uid?: number) {
  return spawnSync('/bin/bash', [script], {
    encoding: 'utf8',
    env: { PATH: bin, CHROMIUM_PATH: join(dir, 'no-chromium') },
    ...(uid !== undefined ? { uid, gid: uid } : {}),
    timeout: 20_000,
  });
}

it('npm test runs the check first, and .ci/run uses the same script', () => {
  expect(pkg.scripts.pretest).toBe('bash test/system-packages.sh');
  expect(readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8')).toContain('bash test/system-packages.sh');
});

it('without the packages and without root: stops at once with the one command to run', () => {
  const empty = join(dir, 'empty-bin');
  spawnSync('mkdir', ['-p', empty]);
  chmodSync(dir, 0o755);
  const r = check(empty, process.getuid?.() === 0 ? 65534 : undefined);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('missing: chromium tshark keepalived psmisc');
  expect(r.stderr).toContain(
    '  sudo apt-get install -y --no-install-recommends chromium tshark keepalived psmisc fonts-dejavu-core',
  );
});

it.skipIf(process.getuid?.() !== 0)(
  'as root: installs only what is missing, with apt-get, unattended',
  () => {
    const bin = join(dir, 'root-bin');
    spawnSync('mkdir', ['-p', bin]);
    const log = join(dir, 'apt.log');
    writeFileSync(
      join(bin, 'apt-get'),
      `#!/bin/bash\necho "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> ${log}\n`,
    );
    chmodSync(join(bin, 'apt-get'), 0o755);
    for (const tool of ['tshark', 'keepalived']) symlinkSync('/bin/true', join(bin, tool));
    const r = check(bin);
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8').trimEnd().split('\n')).toEqual([
      'DEBIAN_FRONTEND= update',
      'DEBIAN_FRONTEND=noninteractive install -y --no-install-recommends chromium psmisc fonts-dejavu-core',
    ]);
  },
);

it.skipIf(process.env.VRRPSCOPE_ALLOW_MISSING_TOOLS === '1')(
  'with every package present it passes silently',
  () => {
    // This machine has them (test/unit/oracles-installed.test.ts insists).
    const r = spawnSync('/bin/bash', [script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  },
);
