/**
 * Differential test over real captures: every VRRP field of every frame of every capture in
 * ../shared/captures/public and in the repository's captures/ agrees with Wireshark (tshark), both
 * in the detail tree (dissect) and in the analysis' packet index.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTshark, referenceCaptures } from './capture-files';
import { expectAgreesWithTshark } from './tshark-diff';

const files = referenceCaptures();

describe.skipIf(!hasTshark)('decoding agrees with tshark on every VRRP field of real captures', () => {
  it('has reference captures to compare', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(basename(file), async () => {
      const vrrp = await expectAgreesWithTshark(file);
      if (/vrrp/i.test(basename(file))) expect(vrrp).toBeGreaterThan(0);
    });
  }
});

if (!hasTshark)
  console.warn(
    'tshark is not installed: the differential test against Wireshark is skipped (apt-get install tshark)',
  );
