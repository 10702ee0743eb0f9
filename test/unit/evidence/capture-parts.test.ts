/**
 * A capture read on another thread (the CLI's capture threads) gives the same investigation as one
 * read here: its parts survive being posted (structured clone, the row columns transferred) and
 * rebuild the same read, names, citations and causes included.
 */
import { describe, expect, it } from 'vitest';
import { captureFromParts, captureParts } from '../../../src/lib/evidence/capture-parts';
import { investigate, type InvestigateInput } from '../../../src/lib/evidence/investigate';
import { investigationJson } from '../../../src/lib/evidence/report';
import { captureOf } from '../../../src/lib/evidence/sources';
import { evidenceFile, evidenceFiles, recordings } from './samples';

/** Reads the capture here, then posts it to itself as a capture thread would. */
async function readAsPosted(input: InvestigateInput, ctx: Parameters<typeof captureOf>[2]) {
  const { parts, transfer } = captureParts(await captureOf(input.bytes, input.file, ctx));
  const posted = structuredClone(parts, { transfer });
  // Transferred, not copied: the sender's columns are detached.
  expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
  return captureFromParts(posted);
}

describe('a capture read on another thread', () => {
  for (const rec of recordings()) {
    it(`${rec}: every file gives the same investigation`, async () => {
      const inputs: InvestigateInput[] = evidenceFiles(rec)
        .filter((f) => !f.endsWith('.json') || f.includes('dump'))
        // Configs given as such name the capture's nodes (as --config does): the labels its causes carry.
        .map((file) => ({
          file,
          bytes: evidenceFile(rec, file),
          ...(file.endsWith('.conf') ? { kind: 'keepalived-conf' as const } : {}),
        }));
      const here = investigationJson(await investigate(inputs));
      let posted = 0;
      const aside = investigationJson(
        await investigate(inputs, {
          readCaptureAside: (input, ctx) => {
            posted++;
            return readAsPosted(input, { year: 1970, dayStartUs: 0, ...ctx });
          },
        }),
      );
      expect(posted).toBe(
        inputs.filter((i) => i.file.endsWith('.pcap') || i.file.endsWith('.pcapng')).length,
      );
      expect(posted).toBeGreaterThan(0);
      expect(aside).toEqual(here);
    });
  }
});
