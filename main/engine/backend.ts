import { createRequire } from "node:module";
import os from "node:os";
import { BACKENDS, type BackendName } from "../../shared/run";
import { findPython, type PythonInfo } from "./pytorch/python";
import type { Tf } from "./tf";
import { registerWasmConvGradients } from "./wasmConv";
import { setXnnpackMatMul } from "./wasmMatMul";
import { installPthreadWorkerShim, wasmDistDir, withCoreCount } from "./wasmThreads";

const require = createRequire(import.meta.url);

/** Why a backend could not be used; its message becomes the `reason` users see. */
export class BackendUnavailable extends Error {}

/** A loaded backend: the tfjs namespace to train with, and a note on how it runs. */
export interface LoadedBackend {
  tf: Tf;
  /** E.g. "XNNPACK, SIMD, 2 threads" or "no CUDA GPU found, TensorFlow runs on the CPU". */
  detail: string;
  /**
   * The Python that trains, for the pytorch backend; `tf` then only holds the trained model for
   * prediction, evaluation and export.
   */
  python?: PythonInfo;
}

/** Loads and activates one backend, or throws (a {@link BackendUnavailable} says why). */
export type BackendLoader = () => Promise<LoadedBackend>;

/** The backend chosen for a run, and why each better one was skipped. */
export interface BackendChoice extends LoadedBackend {
  name: BackendName;
  skipped: { backend: BackendName; reason: string }[];
}

export interface SelectOptions {
  /** Use only this backend (`--backend`); fails if it does not load. */
  force?: BackendName;
  /** Replaces loaders, e.g. to test the fallback order. */
  loaders?: Partial<Record<BackendName, BackendLoader>>;
  /** Backends not to try, and not to list as skipped (pytorch, for a model that is only held). */
  exclude?: BackendName[];
  /** Backends not to try, each listed as skipped with its reason, unless it is forced. */
  passOver?: Partial<Record<BackendName, string>>;
}

/**
 * Picks the best backend that loads, in the order of {@link BACKENDS}: tfjs-node-gpu, pytorch,
 * tfjs-node, wasm, cpu. The reasons for skipping better ones are kept for the `started` event.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendChoice> {
  const loaders: Record<BackendName, BackendLoader> = {
    ...defaultLoaders,
    pytorch: () => loadPyTorch(loaders),
    ...options.loaders,
  };
  const skipped: BackendChoice["skipped"] = [];
  for (const name of BACKENDS) {
    if (options.exclude?.includes(name) && name !== options.force) continue;
    const passedOver = options.passOver?.[name];
    if (passedOver && !options.force) {
      skipped.push({ backend: name, reason: passedOver });
      continue;
    }
    if (options.force && name !== options.force) {
      if (BACKENDS.indexOf(name) < BACKENDS.indexOf(options.force)) {
        skipped.push({ backend: name, reason: `not tried: --backend ${options.force} was asked for` });
      }
      continue;
    }
    try {
      const loaded = await loaders[name]();
      return { ...loaded, name, skipped };
    } catch (err) {
      const reason = err instanceof BackendUnavailable ? err.message : firstLine(err);
      if (options.force) throw new BackendUnavailable(`backend ${name} cannot be used: ${reason}`);
      skipped.push({ backend: name, reason });
    }
  }
  throw new BackendUnavailable(`no backend loaded: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ")}`);
}

/** The first line of an error, without the stack: what a user can act on. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n").find((l) => l.trim() !== "") ?? "unknown error";
}

function isMissing(err: unknown, pkg: string): boolean {
  const e = err as NodeJS.ErrnoException;
  return (e.code === "MODULE_NOT_FOUND" || e.code === "ERR_MODULE_NOT_FOUND") && e.message.includes(`'${pkg}'`);
}

/** Loads a native package (it registers the `tensorflow` backend on import). */
async function loadNative(pkg: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node"): Promise<LoadedBackend> {
  // libtensorflow logs every op placement at level 0; keep the terminal readable.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  let tf: Tf;
  try {
    tf = require(pkg) as Tf;
  } catch (err) {
    throw new BackendUnavailable(isMissing(err, pkg) ? "not installed" : `failed to load: ${firstLine(err)}`);
  }
  tf.enableProdMode();
  if (!(await tf.setBackend("tensorflow"))) {
    throw new BackendUnavailable("installed, but its TensorFlow library did not initialize");
  }
  const backend = tf.backend() as { isUsingGpuDevice?: boolean };
  if (pkg === "@tensorflow/tfjs-node") return { tf, detail: "native TensorFlow on the CPU" };
  return {
    tf,
    detail: backend.isUsingGpuDevice
      ? "native TensorFlow on a CUDA GPU"
      : "no CUDA GPU found, so native TensorFlow runs on the CPU",
  };
}

/** How many threads the wasm backend uses: `NETLOOM_WASM_THREADS`, else one per core (at most 4). */
export function wasmThreadCount(): number {
  const asked = Number(process.env.NETLOOM_WASM_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 8);
  // Like tfjs in browsers: half the logical cores (hyper-threads share a core), at most 4.
  return Math.max(1, Math.min(4, Math.floor(os.availableParallelism() / 2)));
}

let wasmConfigured = false;

async function loadWasm(): Promise<LoadedBackend> {
  const tf = require("@tensorflow/tfjs") as Tf;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  tf.enableProdMode();
  const threads = wasmThreadCount();
  if (!wasmConfigured) {
    wasm.setWasmPaths(`${wasmDistDir()}/`);
    if (threads > 1) {
      installPthreadWorkerShim();
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
      wasm.setThreadsCount(threads);
    }
    wasmConfigured = true;
  }
  const ok = await withCoreCount(threads, () => tf.setBackend("wasm"));
  if (!ok) throw new BackendUnavailable("the WebAssembly module did not initialize");
  setXnnpackMatMul(tf);
  registerWasmConvGradients(tf);
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const actual = wasm.getThreadsCount();
  return { tf, detail: `XNNPACK${simd ? ", SIMD" : ""}, ${actual} thread${actual === 1 ? "" : "s"}` };
}

async function loadCpu(): Promise<LoadedBackend> {
  const tf = require("@tensorflow/tfjs") as Tf;
  // The cpu backend greets Node users with an install hint on first use; the engine reports
  // the backend choice itself, and the hint must not reach `--json` output.
  tf.enableProdMode();
  if (!(await tf.setBackend("cpu"))) throw new BackendUnavailable("did not initialize");
  return { tf, detail: "plain JavaScript" };
}

/** The TF.js backends that can hold a model PyTorch trained, best first. */
const KEEPERS = ["tfjs-node", "wasm", "cpu"] as const;

/**
 * Finds a Python with torch (see {@link findPython}) and loads the best TF.js backend of the
 * rest to keep the trained model in: Try it, test examples and exports run there.
 */
async function loadPyTorch(loaders: Record<BackendName, BackendLoader>): Promise<LoadedBackend> {
  const python = await findPython();
  const reasons: string[] = [];
  for (const name of KEEPERS) {
    try {
      const kept = await loaders[name]();
      return { tf: kept.tf, detail: `PyTorch ${python.torch}; the model is kept on ${name}`, python };
    } catch (err) {
      reasons.push(`${name}: ${firstLine(err)}`);
    }
  }
  throw new BackendUnavailable(`no TensorFlow.js backend loads to keep the trained model (${reasons.join("; ")})`);
}

const defaultLoaders: Omit<Record<BackendName, BackendLoader>, "pytorch"> = {
  "tfjs-node-gpu": () => loadNative("@tensorflow/tfjs-node-gpu"),
  "tfjs-node": () => loadNative("@tensorflow/tfjs-node"),
  wasm: loadWasm,
  cpu: loadCpu,
};
