/**
 * Test helpers: the captures the differential and robustness tests run over — every public capture
 * in ../shared/captures/public and whatever recordings exist in the repository's captures/ — and a
 * tshark runner.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readCapture } from '../../../src/lib/pcap/reader';
import { fileSource } from '../../../src/lib/pcap/node-source';
import { REPO_ROOT, sharedPath } from '../../shared-path';

const CAPTURE_RE = /\.(pcap|pcapng|cap)$/i;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : CAPTURE_RE.test(name) ? [p] : [];
    });
}

/** Well-formed reference captures: the public set (not malformed/) and the repository's recordings. */
export function referenceCaptures(): string[] {
  const pub = sharedPath('captures/public');
  return [
    ...walk(pub).filter((p) => !relative(pub, p).startsWith('malformed')),
    ...walk(join(REPO_ROOT, 'captures')),
  ];
}

/** Fuzzer outputs and attack samples, for robustness tests only. */
export function malformedCaptures(): string[] {
  return walk(sharedPath('captures/public/malformed'));
}

/**
 * The oracle's settings: CARP shares IP protocol 112 with VRRP, and tshark tells them apart only when
 * its CARP heuristic runs before the VRRP dissector.
 */
export const TSHARK_PREFS = ['-o', 'ip.try_heuristic_first:TRUE'];

export const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

/** `tshark -T fields` over every frame: one row per frame, each field's occurrences joined by ','. */
export function tsharkFields(file: string, fields: string[]): string[][] {
  const args = [
    '-r',
    file,
    ...TSHARK_PREFS,
    '-T',
    'fields',
    '-E',
    'occurrence=a',
    '-E',
    'aggregator=,',
    '-E',
    'separator=\t',
  ];
  for (const f of fields) args.push('-e', f);
  const out = execFileSync('tshark', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  return out
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}

export interface TestFrame {
  linkType: number;
  data: Uint8Array;
  tsUs: number;
}

/** Every frame of a capture, copied out of the reader's chunks. */
export async function readFrames(file: string): Promise<TestFrame[]> {
  const src = await fileSource(file);
  const frames: TestFrame[] = [];
  await readCapture(src, (r) => frames.push({ linkType: r.linkType, data: r.data.slice(), tsUs: r.tsUs }));
  await src.close?.();
  return frames;
}
