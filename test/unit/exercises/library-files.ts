/** The exercise library's files, read from disk (the app bundles the same files). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LIBRARY_DIR = 'src/lib/exercises/library';

export function libraryFiles(): { file: string; text: string }[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(LIBRARY_DIR, file), 'utf8') }));
}
