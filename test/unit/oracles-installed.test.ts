/**
 * The differential and browser tests skip themselves when tshark or Chromium is absent, so that a
 * developer can still run the rest. This test makes that loud: `npm test` fails without them unless
 * VRRPSCOPE_ALLOW_MISSING_TOOLS=1 says the skip is deliberate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';

const allowMissing = process.env.VRRPSCOPE_ALLOW_MISSING_TOOLS === '1';

it.skipIf(allowMissing)('tshark (Wireshark) is installed: it is the decoder oracle', () => {
  expect(spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status, 'apt-get install tshark').toBe(0);
});

it.skipIf(allowMissing)('Chromium is installed: the browser tests drive it', () => {
  expect(existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'), 'apt-get install chromium').toBe(true);
});
