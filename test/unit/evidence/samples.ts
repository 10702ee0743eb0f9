/** The recorded incidents of captures/evidence/ (captures/record-evidence.sh) and their files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EVIDENCE_DIR = join(import.meta.dirname, '../../../captures/evidence');

export function recordings(): string[] {
  return existsSync(EVIDENCE_DIR) ? readdirSync(EVIDENCE_DIR).sort() : [];
}

export function evidenceFile(recording: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(EVIDENCE_DIR, recording, name)));
}

export function evidenceFiles(recording: string): string[] {
  return readdirSync(join(EVIDENCE_DIR, recording)).sort();
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
