/**
 * The CLI's file and pipe handling, shared by every command: an input is checked to be a regular
 * file before it is opened (opening a FIFO with no writer blocks forever, a directory or a device is
 * no config or capture), every failure is one line (`cannot read PATH: ENOENT (no such file)`), never
 * a Node stack, and a reader that closes the pipe early (`| head`) ends the run quietly.
 */
import { readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';

/** A failure the command reports as one line and an exit status. */
export class CliFileError extends Error {}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  EINVAL: 'not a regular file',
  EIO: 'input/output error',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
};

/** `ENOENT (no such file)` for a Node error; its message for anything else. */
export function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code) return e instanceof Error ? e.message : String(e);
  return `${code}${REASONS[code] ? ` (${REASONS[code]})` : ''}`;
}

/** What a path is when it is not a regular file: `a directory`, `a FIFO`…; null for a regular file. */
export function notRegular(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'EISDIR (is a directory)';
  if (st.isFIFO()) return 'not a regular file (a FIFO)';
  if (st.isCharacterDevice()) return 'not a regular file (a character device)';
  if (st.isBlockDevice()) return 'not a regular file (a block device)';
  if (st.isSocket()) return 'not a regular file (a socket)';
  return 'not a regular file';
}

/**
 * Throws a CliFileError `cannot read PATH: …` unless `path` is a regular file. Called before any
 * open(): the check must not block, and stat() never does.
 */
export function checkRegularFile(path: string): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw new CliFileError(`cannot read ${path}: ${errnoText(e)}`);
  }
  const what = notRegular(st);
  if (what) throw new CliFileError(`cannot read ${path}: ${what}`);
}

/** The text of a regular file, or a CliFileError with one line. */
export function readTextFile(path: string): string {
  checkRegularFile(path);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliFileError(`cannot read ${path}: ${errnoText(e)}`);
  }
}

/** Writes an output file, or throws a CliFileError `cannot write PATH: …`. */
export function writeOutputFile(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new CliFileError(`cannot write ${path}: ${errnoText(e)}`);
  }
}

/**
 * `vrrpscope … | head` closes stdout early: that is not an error, so the run ends with status 0
 * instead of an unhandled EPIPE.
 */
let quiet = false;
export function quietOnClosedPipe(): void {
  if (quiet) return;
  quiet = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`vrrpscope: cannot write the output: ${errnoText(e)}\n`);
    process.exit(1);
  });
}
