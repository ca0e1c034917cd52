import { closeSync, readSync } from "node:fs";
import { gunzipSync, constants as zlibConstants } from "node:zlib";
import { sizeOf } from "../../shared/catalog";
import { DataError, fsReason } from "./errors";
import { openRegularFileSync, readRegularFileSync } from "./regularFile";

/** Typed array of an IDX file's values, by the file's element type. */
export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX file: the format of the MNIST files (http://yann.lecun.com/exdb/mnist/). */
export interface IdxFile {
  /** Dimensions, the first being the number of samples. */
  dims: number[];
  data: IdxArray;
}

const TYPES: Record<number, { name: string; bytes: number }> = {
  8: { name: "unsigned byte", bytes: 1 },
  9: { name: "signed byte", bytes: 1 },
  11: { name: "short", bytes: 2 },
  12: { name: "int", bytes: 4 },
  13: { name: "float", bytes: 4 },
  14: { name: "double", bytes: 8 },
};

/** Byte 3 of the magic number names the element type; the byte itself is not quoted. */
const UNKNOWN_TYPE = "the element type in byte 3 of its magic number is unknown";

/** Reads an IDX file, gzip-compressed (`.gz`, detected by content) or raw. */
export function readIdxFile(path: string): IdxFile {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(path);
  } catch (err) {
    throw new DataError(`cannot read IDX file ${path}: ${fsReason(err)}`);
  }
  return parseIdx(maybeGunzip(bytes, path), path);
}

/** The most a gzip-compressed IDX file may hold uncompressed: twenty times MNIST's training images. */
export const MAX_UNZIPPED_BYTES = 1024 * 2 ** 20;

/**
 * Gunzips when the bytes start with the gzip magic number, to at most `limit` bytes: a small file
 * that decompresses to gigabytes (a "gzip bomb") is refused instead of filling the engine's memory.
 */
export function maybeGunzip(bytes: Buffer, path: string, limit = MAX_UNZIPPED_BYTES): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new DataError(
        `${path} decompresses to more than ${Math.round(limit / 2 ** 20)} MB, more than NetLoom reads`,
      );
    }
    throw new DataError(`${path} looks gzip-compressed but does not decompress: ${(err as Error).message}`);
  }
}

/** Parses IDX bytes, checking the magic number, the dimensions and the data size. */
export function parseIdx(bytes: Uint8Array, path: string): IdxFile {
  const bad = (why: string) => new DataError(`${path} is not a valid IDX file: ${why}`);
  if (bytes.length < 4) throw bad(`it has only ${bytes.length} bytes, fewer than the 4-byte magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw bad("the magic number must start with two zero bytes");
  }
  const type = TYPES[bytes[2] as number];
  if (!type) throw bad(`${UNKNOWN_TYPE} (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)`);
  const ndims = bytes[3] as number;
  if (ndims === 0) throw bad("it declares 0 dimensions");
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw bad(`it declares ${ndims} dimensions but ends inside the header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = sizeOf(dims);
  const expected = count * type.bytes;
  const actual = bytes.length - header;
  if (actual !== expected) {
    const what = actual < expected ? "is truncated" : "has extra bytes";
    throw bad(
      `it ${what}: dimensions [${dims.join(", ")}] of ${type.name} need ${expected} bytes of data, found ${actual}`,
    );
  }
  const data = decode(view, header, count, bytes[2] as number);
  if (data instanceof Float32Array || data instanceof Float64Array) {
    const i = data.findIndex((v) => !Number.isFinite(v) || !Number.isFinite(Math.fround(v)));
    if (i >= 0) {
      const perSample = count / (dims[0] || 1);
      throw bad(
        `value ${i} (sample ${Math.floor(i / perSample)}) is not a finite float32 (NaN, Infinity or beyond ±3.4e38), which cannot be trained on`,
      );
    }
  }
  return { dims, data };
}

function decode(view: DataView, offset: number, count: number, code: number): IdxArray {
  const start = view.byteOffset + offset;
  if (code === 0x08) return new Uint8Array(view.buffer, start, count);
  if (code === 0x09) return new Int8Array(view.buffer, start, count);
  // Wider types are big-endian in IDX, so they are decoded one by one.
  const out =
    code === 0x0b
      ? new Int16Array(count)
      : code === 0x0c
        ? new Int32Array(count)
        : code === 0x0d
          ? new Float32Array(count)
          : new Float64Array(count);
  const size = out.BYTES_PER_ELEMENT;
  for (let i = 0; i < count; i++) {
    const at = offset + i * size;
    out[i] =
      code === 0x0b
        ? view.getInt16(at, false)
        : code === 0x0c
          ? view.getInt32(at, false)
          : code === 0x0d
            ? view.getFloat32(at, false)
            : view.getFloat64(at, false);
  }
  return out;
}

/** Reads only the header of an IDX file (gzip or raw) and checks the file's size against it. */
export function readIdxHeader(path: string): { dims: number[]; type: string } {
  let head: Buffer;
  let dataBytes: number;
  let gzipped = false;
  try {
    const { fd, size } = openRegularFileSync(path);
    try {
      head = Buffer.alloc(Math.min(size, 64 * 1024));
      readSync(fd, head, 0, head.length, 0);
      dataBytes = size;
      if (head[0] === 0x1f && head[1] === 0x8b && size >= 18) {
        // gzip keeps the uncompressed size (mod 2^32) in its last 4 bytes.
        const tail = Buffer.alloc(4);
        readSync(fd, tail, 0, 4, size - 4);
        dataBytes = tail.readUInt32LE(0);
        gzipped = true;
        head = gunzipPrefix(head, path);
      }
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`cannot read IDX file ${path}: ${fsReason(err)}`);
  }
  const bad = (why: string) => new DataError(`${path} is not a valid IDX file: ${why}`);
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) throw bad("its magic number does not start with two zeros");
  const type = TYPES[head[2] as number];
  if (!type) throw bad(UNKNOWN_TYPE);
  const ndims = head[3] as number;
  if (ndims === 0 || head.length < 4 + 4 * ndims) throw bad(`it declares ${ndims} dimensions but has no room for them`);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(head.readUInt32BE(4 + 4 * i));
  const expected = 4 + 4 * ndims + sizeOf(dims) * type.bytes;
  if (expected % 2 ** 32 !== dataBytes) {
    const holds = gzipped
      ? `its gzip trailer says ${dataBytes} uncompressed (the file may be truncated)`
      : `the file holds ${dataBytes}`;
    throw bad(`dimensions [${dims.join(", ")}] of ${type.name} need ${expected} bytes, ${holds}`);
  }
  return { dims, type: type.name };
}

function gunzipPrefix(prefix: Buffer, path: string): Buffer {
  try {
    return gunzipSync(prefix, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new DataError(`${path} looks gzip-compressed but does not decompress: ${(err as Error).message}`);
  }
}
