import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom, shuffleInPlace, splitIndices } from "../../../../main/data";

describe("seeded split and shuffle", () => {
  it("holds out round(n * fraction) samples, each sample in exactly one part", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.nat(),
        (n, f, seed) => {
          const { train, validation } = splitIndices(n, f, seed);
          expect(validation.length).toBe(Math.round(n * f));
          const all = [...train, ...validation].sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
    );
  });

  it("gives the same split for the same seed and another for another seed", () => {
    const a = splitIndices(1000, 0.1, 42).validation;
    expect(Array.from(splitIndices(1000, 0.1, 42).validation)).toEqual(Array.from(a));
    expect(Array.from(splitIndices(1000, 0.1, 43).validation)).not.toEqual(Array.from(a));
  });

  it("draws the held-out samples from the whole range, not the end", () => {
    const { validation } = splitIndices(1000, 0.1, 1);
    expect(validation[0]).toBeLessThan(500);
  });

  it("shuffles reproducibly into a permutation", () => {
    const a = shuffleInPlace(
      Int32Array.from({ length: 50 }, (_, i) => i),
      seededRandom(5),
    );
    const b = shuffleInPlace(
      Int32Array.from({ length: 50 }, (_, i) => i),
      seededRandom(5),
    );
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
