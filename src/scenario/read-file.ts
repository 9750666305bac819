/**
 * Reading a file safely (a scenario, a partial, a log): only a regular file under a size cap
 * (MAX_FILE_BYTES for scenarios) is read. A device
 * (`/dev/zero` never ends), a FIFO (a read blocks until a writer comes, so it is opened without
 * blocking and refused), a directory or a huge file is refused before any byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Largest scenario file read. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Most values a file may hold, counted as its commas and line breaks before it is parsed: the
 * YAML parser takes about 50 us a value, so a 1 MiB flow list of 500,000 numbers would take
 * half a minute to refuse after parsing. 20,000 is about a second at worst, and 20 times the
 * largest shipped scenario chain.
 */
export const MAX_VALUES = 20_000;

/** Commas and line breaks in `text`: an upper bound on its values, counted in one pass. */
export function countValues(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10) n++;
  }
  return n;
}

/** Why a file cannot be read, in words for a message. */
export class FileRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileRefused';
  }
}

/**
 * Opens the regular file at `abs` for reading, after checking it is one and at most `maxBytes`;
 * returns its descriptor (the caller closes it) and size. `what` names the file in messages
 * ("a scenario file", "a partial file", "a log"). Throws FileRefused.
 */
export function openRegularFile(abs: string, maxBytes: number, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    // Without blocking: opening a FIFO for reading would wait for a writer.
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileRefused(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? `is a directory, not ${what}`
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read it (${code ?? 'error'})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileRefused(`is a directory, not ${what}`);
    if (!st.isFile()) throw new FileRefused('is not a regular file (a device, FIFO or socket)');
    if (st.size > maxBytes) throw new FileRefused(`is ${st.size} bytes, over the limit of ${maxBytes} for ${what}`);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads from `fd` into `buf` at `at`; a read error as FileRefused. */
export function readInto(fd: number, buf: Buffer, at: number): number {
  try {
    return readSync(fd, buf, at, buf.length - at, null);
  } catch (e) {
    throw new FileRefused(`cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The bytes of the regular file at `abs`. Throws FileRefused. */
export function readRegularFile(abs: string, maxBytes = MAX_FILE_BYTES, what = 'a scenario file'): Buffer {
  const { fd, size } = openRegularFile(abs, maxBytes, what);
  try {
    // One byte more than its size: a file growing while it is read is refused, not cut short.
    const buf = Buffer.alloc(size + 1);
    let n = 0;
    for (;;) {
      const got = readInto(fd, buf, n);
      if (got === 0) break;
      n += got;
      if (n === buf.length) throw new FileRefused('grew while it was being read');
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
