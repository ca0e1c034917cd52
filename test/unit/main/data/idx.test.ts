import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DataError, parseIdx, readIdxFile, readIdxHeader } from "../../../../main/data";
import { maybeGunzip } from "../../../../main/data/idx";
import { dataFixture } from "./fixtures";

describe("IDX reader", () => {
  it("reads dimensions and unsigned bytes of a raw file", () => {
    const file = readIdxFile(dataFixture("tiny-images-idx3-ubyte"));
    expect(file.dims).toEqual([4, 2, 3]);
    expect(file.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(file.data.subarray(0, 4))).toEqual([0, 11, 22, 33]);
  });

  it("reads the same values from a gzip-compressed file", () => {
    const raw = readIdxFile(dataFixture("tiny-images-idx3-ubyte"));
    const gz = readIdxFile(dataFixture("tiny-images-idx3-ubyte.gz"));
    expect(gz.dims).toEqual(raw.dims);
    expect(Array.from(gz.data)).toEqual(Array.from(raw.data));
  });

  it("decodes big-endian 32-bit integers", () => {
    const file = readIdxFile(dataFixture("ints-idx1-int"));
    expect(Array.from(file.data)).toEqual([-2, 70000, 3]);
  });

  it("reads the headers of MNIST-sized files without reading their data", () => {
    expect(readIdxHeader(dataFixture("tiny-images-idx3-ubyte.gz")).dims).toEqual([4, 2, 3]);
    expect(readIdxHeader(dataFixture("tiny-labels-idx1-ubyte")).dims).toEqual([4]);
  });

  const broken: [string, RegExp][] = [
    ["truncated-idx3-ubyte", /is truncated: dimensions \[4, 2, 3\] of unsigned byte need 24 bytes of data, found 20/],
    ["extra-bytes-idx3-ubyte", /has extra bytes: .* need 24 bytes of data, found 26/],
    ["bad-magic-idx3-ubyte", /magic number must start with two zero bytes$/],
    ["bad-type-idx3-ubyte", /the element type in byte 3 of its magic number is unknown/],
    ["not-gzip.gz", /looks gzip-compressed but does not decompress/],
    [
      "nan-idx3-float",
      /value 9 \(sample 1\) is not a finite float32 \(NaN, Infinity or beyond ±3.4e38\), which cannot be trained on/,
    ],
    ["cut-idx3-ubyte.gz", /looks gzip-compressed but does not decompress/],
    ["no-such-file", /cannot read IDX file .*no-such-file: no such file/],
  ];
  for (const [name, message] of broken) {
    it(`explains what is wrong with ${name}`, () => {
      const read = () => readIdxFile(dataFixture(name));
      expect(read).toThrow(DataError);
      expect(read).toThrow(message);
      expect(read).toThrow(name);
    });
  }

  it("checks the size of a file against its header before reading it", () => {
    expect(() => readIdxHeader(dataFixture("truncated-idx3-ubyte"))).toThrow(/need 40 bytes, the file holds 36/);
  });

  it("says a gzip file whose size does not fit its header may be truncated", () => {
    expect(() => readIdxHeader(dataFixture("cut-idx3-ubyte.gz"))).toThrow(
      /need 40 bytes, its gzip trailer says \d+ uncompressed \(the file may be truncated\)/,
    );
  });

  it("refuses a file shorter than its magic number", () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), "short")).toThrow(/only 2 bytes/);
  });

  it("keeps unsigned byte data as a view, without copying", () => {
    const bytes = readFileSync(dataFixture("tiny-images-idx3-ubyte"));
    const file = parseIdx(bytes, "tiny");
    expect(file.data.buffer).toBe(bytes.buffer);
  });

  it("refuses a gzip file that decompresses to more than it may hold, without decompressing it all", () => {
    const bomb = gzipSync(Buffer.alloc(4 * 2 ** 20));
    expect(bomb.length).toBeLessThan(8 * 1024);
    expect(() => maybeGunzip(bomb, "bomb.gz", 2 ** 20)).toThrow("bomb.gz decompresses to more than 1 MB");
    expect(maybeGunzip(bomb, "bomb.gz", 4 * 2 ** 20)).toHaveLength(4 * 2 ** 20);
  });
});
