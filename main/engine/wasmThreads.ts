import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { Worker as NodeWorker, type TransferListItem, type WorkerOptions } from "node:worker_threads";

const require = createRequire(import.meta.url);

/** Folder of tfjs-backend-wasm's `.wasm` binaries (setWasmPaths needs it under Node). */
export function wasmDistDir(): string {
  return join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
}

/**
 * Makes tfjs-backend-wasm's multi-threaded SIMD build start under Node, where tfjs turns threads
 * off (tfjs issue #3830) because it hands Emscripten browser-only `blob:` URLs for the pthread
 * worker and main script. The Emscripten code itself supports `worker_threads`: this gives it a
 * Worker class that runs the worker source with `eval` and loads the main script from its file.
 * Emscripten assigns `global.Worker` itself, so the class is pinned with an accessor.
 */
export function installPthreadWorkerShim(): void {
  if ((globalThis as { __netloomPthreadShim?: boolean }).__netloomPthreadShim) return;
  const pkg = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
  const workerModule = require(join(pkg, "wasm-out/tfjs-backend-wasm-threaded-simd.worker.js")) as {
    wasmWorkerContents: string;
  };
  // tfjs escapes newlines the same way before turning the source into a Blob.
  const workerSource = workerModule.wasmWorkerContents.replace(/\n/g, "\\n");
  const mainScript = join(pkg, "wasm-out/tfjs-backend-wasm-threaded-simd.js");
  class PthreadWorker extends NodeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      const isBlob = typeof url === "string" && url.startsWith("blob:");
      super(isBlob ? workerSource : url, isBlob ? { eval: true } : options);
      // Idle pthreads must not keep a finished process alive.
      this.unref();
    }
    override postMessage(message: unknown, transfer?: readonly TransferListItem[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      const fixed = m?.cmd === "load" && typeof m.urlOrBlob !== "string" ? { ...m, urlOrBlob: mainScript } : message;
      super.postMessage(fixed, transfer);
    }
  }
  Object.defineProperty(globalThis, "Worker", { configurable: true, get: () => PthreadWorker, set: () => {} });
  (globalThis as { __netloomPthreadShim?: boolean }).__netloomPthreadShim = true;
}

/**
 * Runs `init` while `os.cpus()` reports `2 * threads` cores: the wasm backend caps its thread
 * pool at half the logical cores (it assumes hyper-threading), which leaves one thread on a
 * two-core machine whatever `setThreadsCount` asks for.
 */
export async function withCoreCount<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const cpus = os.cpus;
  const real = cpus();
  const first = real[0];
  if (first) os.cpus = () => Array.from({ length: threads * 2 }, (_, i) => real[i % real.length] ?? first);
  try {
    return await init();
  } finally {
    os.cpus = cpus;
  }
}
