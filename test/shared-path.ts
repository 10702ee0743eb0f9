/**
 * Where the workplace's shared test data lives: `../shared` beside the repository (as on the
 * developers' machines and in CI), or $VRRPSCOPE_SHARED.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const SHARED_DIR = process.env.VRRPSCOPE_SHARED ?? resolve(REPO_ROOT, '../shared');

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

export const hasShared = existsSync(SHARED_DIR);
