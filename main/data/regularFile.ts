import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { open, stat } from "node:fs/promises";

/** Opening a FIFO without O_NONBLOCK waits for a writer, holding a thread; regular files ignore it. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The most Node reads into one buffer at once (2 GiB), as readFileSync allows. */
export const MAX_READ_BYTES = 2 ** 31 - 1;

/** A path that is something other than a regular file: a folder, a FIFO, a device, a socket. */
export class NotAFileError extends Error {
  constructor(readonly kind: string) {
    super(`it is ${kind}, not a regular file`);
    this.name = "NotAFileError";
  }
}

/** A file larger than the reader allows. */
export class FileTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`it is ${megabytes(bytes)} MB, more than ${megabytes(limit)} MB`);
    this.name = "FileTooLargeError";
  }
}

/** Bytes as whole megabytes (of 2^20 bytes), for messages. */
export function megabytes(bytes: number): number {
  return Math.max(1, Math.round(bytes / 2 ** 20));
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "something other than a file";
}

function check(info: Stats, limit: number): void {
  if (!info.isFile()) throw new NotAFileError(kindOf(info));
  if (info.size > limit) throw new FileTooLargeError(info.size, limit);
}

/**
 * Reads a regular file of at most `limit` bytes. Anything else (a FIFO or device, whose reads
 * may never end) is refused before it is opened, and again on the open handle, since the path
 * may have been swapped in between. Throws NotAFileError, FileTooLargeError or the fs error.
 */
export async function readRegularFile(file: string, limit: number): Promise<Buffer> {
  check(await stat(file), limit);
  const handle = await open(file, READ_FLAGS);
  try {
    const info = await handle.stat();
    check(info, limit);
    const bytes = Buffer.alloc(info.size);
    let got = 0;
    while (got < bytes.length) {
      const { bytesRead } = await handle.read(bytes, got, bytes.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return bytes.subarray(0, got);
  } finally {
    await handle.close();
  }
}

/**
 * Opens a regular file of at most `limit` bytes for reading by hand (the IDX header reader),
 * refusing anything else as {@link readRegularFile} does. The caller closes `fd`.
 */
export function openRegularFileSync(file: string, limit = Number.MAX_SAFE_INTEGER): { fd: number; size: number } {
  check(statSync(file), limit);
  const fd = openSync(file, READ_FLAGS);
  try {
    const info = fstatSync(fd);
    check(info, limit);
    return { fd, size: info.size };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Reads up to `bytes` bytes from the start of an opened file, then closes it. */
function readOpened({ fd, size }: { fd: number; size: number }, bytes: number): Buffer {
  try {
    const buffer = Buffer.alloc(Math.min(size, bytes));
    let got = 0;
    while (got < buffer.length) {
      const read = readSync(fd, buffer, got, buffer.length - got, got);
      if (read === 0) break;
      got += read;
    }
    return buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes of a regular file of any size (all of it when shorter): a CSV file's header. */
export function readFileStartSync(file: string, bytes: number): Buffer {
  return readOpened(openRegularFileSync(file), bytes);
}

/** {@link readRegularFile}, synchronously, for the data readers (which run in the engine process). */
export function readRegularFileSync(file: string, limit = MAX_READ_BYTES): Buffer {
  const opened = openRegularFileSync(file, limit);
  return readOpened(opened, opened.size);
}
