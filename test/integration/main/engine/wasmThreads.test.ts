import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRAIN_TIMEOUT } from "./helpers";

/** Runs the probe in a fresh process: the wasm module picks its thread count once per process. */
function probe(threads: number): { detail: string; loss: number; error: string | null } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "threadsProbe.ts")], {
    encoding: "utf8",
    env: { ...process.env, NETLOOM_WASM_THREADS: String(threads) },
  });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
}

describe("multi-threaded wasm under Node", { timeout: TRAIN_TIMEOUT }, () => {
  it("runs tfjs's threaded SIMD build with two threads and trains to the same numbers", () => {
    const one = probe(1);
    const two = probe(2);
    expect(one.error).toBeNull();
    expect(two.error).toBeNull();
    expect(one.detail).toBe("XNNPACK, SIMD, 1 thread");
    expect(two.detail).toBe("XNNPACK, SIMD, 2 threads");
    expect(two.loss).toBeCloseTo(one.loss, 5);
  });
});
