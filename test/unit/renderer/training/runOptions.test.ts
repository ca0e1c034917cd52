import { describe, expect, it } from "vitest";
import { runOptionsOf } from "../../../../renderer/training/runOptions";

const empty = { epochs: null, limit: null, backend: null, processes: null };

describe("the panel's run options", () => {
  it("sends only the fields that are set", () => {
    expect(runOptionsOf(empty)).toEqual({});
    expect(runOptionsOf({ ...empty, epochs: 2, limit: 600, backend: "wasm" })).toEqual({
      epochs: 2,
      limit: 600,
      backend: "wasm",
    });
  });

  it("sends processes for the pytorch backend only", () => {
    expect(runOptionsOf({ ...empty, backend: "pytorch", processes: 2 })).toEqual({ backend: "pytorch", processes: 2 });
    expect(runOptionsOf({ ...empty, backend: "pytorch", processes: 1 })).toEqual({ backend: "pytorch" });
    expect(runOptionsOf({ ...empty, backend: "wasm", processes: 2 })).toEqual({ backend: "wasm" });
    expect(runOptionsOf({ ...empty, processes: 2 })).toEqual({});
  });
});
