import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { BackendUnavailable, firstLine, selectBackend, wasmThreadCount } from "../../../../main/engine/backend";

const require = createRequire(import.meta.url);
const installed = (pkg: string) => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

describe("backend selection", () => {
  it("falls back past backends that fail to load and says why each was skipped", async () => {
    const choice = await selectBackend({
      loaders: {
        "tfjs-node-gpu": async () => {
          throw new BackendUnavailable("not installed");
        },
        pytorch: async () => {
          throw new BackendUnavailable("python3 on PATH (/usr/bin/python3) has no torch");
        },
        "tfjs-node": async () => {
          throw new Error(
            "libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module._extensions",
          );
        },
      },
    });
    expect(choice.name).toBe("wasm");
    expect(choice.skipped).toEqual([
      { backend: "tfjs-node-gpu", reason: "not installed" },
      { backend: "pytorch", reason: "python3 on PATH (/usr/bin/python3) has no torch" },
      { backend: "tfjs-node", reason: "libtensorflow.so.2: cannot open shared object file: No such file or directory" },
    ]);
    expect(choice.tf.getBackend()).toBe("wasm");
    expect(choice.detail).toMatch(/^XNNPACK, SIMD, \d+ threads?$/);
  });

  it("uses the pure-JS cpu backend when wasm fails too", async () => {
    const fail = async () => {
      throw new BackendUnavailable("not installed");
    };
    const choice = await selectBackend({
      loaders: { "tfjs-node-gpu": fail, pytorch: fail, "tfjs-node": fail, wasm: fail },
    });
    expect(choice.name).toBe("cpu");
    expect(choice.skipped.map((s) => s.backend)).toEqual(["tfjs-node-gpu", "pytorch", "tfjs-node", "wasm"]);
    expect(choice.tf.getBackend()).toBe("cpu");
  });

  it("uses a forced backend and marks the better ones as not tried", async () => {
    const choice = await selectBackend({ force: "cpu" });
    expect(choice.name).toBe("cpu");
    expect(choice.skipped).toEqual([
      { backend: "tfjs-node-gpu", reason: "not tried: --backend cpu was asked for" },
      { backend: "pytorch", reason: "not tried: --backend cpu was asked for" },
      { backend: "tfjs-node", reason: "not tried: --backend cpu was asked for" },
      { backend: "wasm", reason: "not tried: --backend cpu was asked for" },
    ]);
  });

  it("leaves out an excluded backend without listing it, unless it is forced", async () => {
    const calls: string[] = [];
    const loader = (name: string) => async () => {
      calls.push(name);
      throw new BackendUnavailable("not here");
    };
    const choice = await selectBackend({
      exclude: ["pytorch"],
      loaders: {
        "tfjs-node-gpu": loader("tfjs-node-gpu"),
        pytorch: loader("pytorch"),
        "tfjs-node": loader("tfjs-node"),
      },
    });
    expect(calls).toEqual(["tfjs-node-gpu", "tfjs-node"]);
    expect(choice.skipped.map((s) => s.backend)).toEqual(["tfjs-node-gpu", "tfjs-node"]);
    await expect(
      selectBackend({ exclude: ["pytorch"], force: "pytorch", loaders: { pytorch: loader("pytorch") } }),
    ).rejects.toThrow("backend pytorch cannot be used: not here");
  });

  it("passes over a backend with the reason given, unless it is forced", async () => {
    const calls: string[] = [];
    const loader = (name: string) => async () => {
      calls.push(name);
      if (name === "cpu") return { tf: {} as never, detail: "test" };
      throw new BackendUnavailable("not here");
    };
    const loaders = { "tfjs-node-gpu": loader("tfjs-node-gpu"), pytorch: loader("pytorch"), cpu: loader("cpu") };
    const wasm = { "tfjs-node": loader("tfjs-node"), wasm: loader("wasm") };
    const passOver = { pytorch: "not tried: live signals are on" };
    const choice = await selectBackend({ passOver, loaders: { ...loaders, ...wasm } });
    expect(calls).toEqual(["tfjs-node-gpu", "tfjs-node", "wasm", "cpu"]);
    expect(choice.skipped).toContainEqual({ backend: "pytorch", reason: "not tried: live signals are on" });
    calls.length = 0;
    await expect(selectBackend({ passOver, force: "pytorch", loaders })).rejects.toThrow("backend pytorch cannot be");
    expect(calls).toEqual(["pytorch"]);
  });

  it("fails with the reason when a forced backend does not load", async () => {
    const run = selectBackend({
      force: "tfjs-node",
      loaders: {
        "tfjs-node": async () => {
          throw new BackendUnavailable("not installed");
        },
      },
    });
    await expect(run).rejects.toThrow("backend tfjs-node cannot be used: not installed");
  });

  it.skipIf(installed("@tensorflow/tfjs-node-gpu") || installed("@tensorflow/tfjs-node"))(
    "reports the native packages as not installed where they are absent",
    async () => {
      const noTorch = async () => {
        throw new BackendUnavailable("no torch");
      };
      const choice = await selectBackend({ loaders: { pytorch: noTorch } });
      expect(choice.skipped).toEqual([
        { backend: "tfjs-node-gpu", reason: "not installed" },
        { backend: "pytorch", reason: "no torch" },
        { backend: "tfjs-node", reason: "not installed" },
      ]);
      expect(choice.name).toBe("wasm");
    },
  );

  it("keeps only the first line of a load error", () => {
    expect(firstLine(new Error("\nfirst\nsecond"))).toBe("first");
    expect(firstLine("plain")).toBe("plain");
  });

  it("takes the wasm thread count from NETLOOM_WASM_THREADS", () => {
    const before = process.env.NETLOOM_WASM_THREADS;
    try {
      process.env.NETLOOM_WASM_THREADS = "3";
      expect(wasmThreadCount()).toBe(3);
      process.env.NETLOOM_WASM_THREADS = "junk";
      expect(wasmThreadCount()).toBeGreaterThanOrEqual(1);
    } finally {
      if (before === undefined) delete process.env.NETLOOM_WASM_THREADS;
      else process.env.NETLOOM_WASM_THREADS = before;
    }
  });
});
