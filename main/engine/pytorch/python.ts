import { execFile } from "node:child_process";
import { accessSync, constants, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { BackendUnavailable } from "../backend";
import { oneLine } from "./output";

/** The oldest torch the generated code is written for. */
export const MIN_TORCH = [1, 13] as const;

/** A Python that imports torch and numpy, and what it said about itself. */
export interface PythonInfo {
  /** The interpreter, as found (`/usr/bin/python3`). */
  path: string;
  /** How it was found, for messages: `NETLOOM_PYTHON`, `python3 on PATH` or the path itself. */
  label: string;
  torch: string;
  /** Why interpreters tried before this one were passed over, e.g. `python3 on PATH has no torch`. */
  passedOver: string[];
}

/**
 * Prints torch's version as one JSON line, or says whether torch or numpy is missing. It reads
 * torch/version.py instead of importing torch, which takes seconds; the run imports it anyway.
 */
const PROBE = String.raw`import importlib.util, json, os, re
def say(**answer):
    print(json.dumps(answer))
torch = importlib.util.find_spec("torch")
if torch is None:
    say(missing="torch")
elif importlib.util.find_spec("numpy") is None:
    say(missing="numpy")
else:
    version = None
    for folder in torch.submodule_search_locations or []:
        try:
            with open(os.path.join(folder, "version.py")) as f:
                version = re.search(r"__version__ = ['\"]([^'\"]+)", f.read()).group(1)
            break
        except (OSError, AttributeError):
            pass
    if version is None:
        import torch as module
        version = module.__version__
    say(torch=version)`;

/** How long one interpreter may take to import torch (a cold disk makes it slow). */
const PROBE_TIMEOUT_MS = 120_000;

interface Candidate {
  path: string;
  label: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH, as a shell would find it, or undefined. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The interpreters to try, in order: `NETLOOM_PYTHON` alone when it is set; else `python3` on
 * PATH, then `/usr/bin/python3` (where Debian's python3-torch lives) when that is another file.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): Candidate[] | string {
  const chosen = env.NETLOOM_PYTHON;
  if (chosen) return [{ path: chosen, label: `NETLOOM_PYTHON (${chosen})` }];
  const found: Candidate[] = [];
  const first = onPath("python3", env);
  if (first) found.push({ path: first, label: `python3 on PATH (${first})` });
  const system = "/usr/bin/python3";
  const same = (a: string, b: string) => {
    try {
      return realpathSync(a) === realpathSync(b);
    } catch {
      return a === b;
    }
  };
  if (executable(system) && !(first && same(first, system))) found.push({ path: system, label: system });
  return found.length > 0 ? found : "no python3 on PATH, and no /usr/bin/python3";
}

/** Whether a torch version (`1.13.0a0+git`, `2.3.1+cu121`) is at least {@link MIN_TORCH}. */
export function torchIsRecent(version: string): boolean {
  const [major = 0, minor = 0] = version.split(/[.+]/).map((part) => Number.parseInt(part, 10));
  return major > MIN_TORCH[0] || (major === MIN_TORCH[0] && minor >= MIN_TORCH[1]);
}

type Probe = { ok: true; torch: string } | { ok: false; reason: string };

function probe(candidate: Candidate, env: NodeJS.ProcessEnv): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(
      candidate.path,
      ["-c", PROBE],
      { env, timeout: PROBE_TIMEOUT_MS, encoding: "utf8", maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        const name = candidate.label;
        const said = stdout.trim().split("\n").pop() ?? "";
        let answer: { torch?: string; missing?: string } | undefined;
        try {
          answer = JSON.parse(said);
        } catch {
          answer = undefined;
        }
        if (answer?.missing) return resolve({ ok: false, reason: `${name} has no ${answer.missing}` });
        if (typeof answer?.torch === "string") {
          if (!torchIsRecent(answer.torch)) {
            const short = answer.torch.split("+")[0];
            return resolve({ ok: false, reason: `${name} has torch ${short}, older than ${MIN_TORCH.join(".")}` });
          }
          return resolve({ ok: true, torch: answer.torch });
        }
        const killed = (err as { killed?: boolean } | null)?.killed;
        const why = killed
          ? `did not answer within ${PROBE_TIMEOUT_MS / 1000} s`
          : err && "code" in err && err.code === "ENOENT"
            ? "does not exist"
            : `did not start: ${oneLine(stderr || err?.message || "no output")}`;
        resolve({ ok: false, reason: `${name} ${why}` });
      },
    );
  });
}

const found = new Map<string, PythonInfo>();

/**
 * The first interpreter that imports torch (at least {@link MIN_TORCH}) and numpy; throws a
 * {@link BackendUnavailable} naming what each candidate lacks. A working one is remembered for
 * the life of the process; a failing one is asked again next time (torch may have been installed).
 */
export async function findPython(env: NodeJS.ProcessEnv = process.env): Promise<PythonInfo> {
  const candidates = pythonCandidates(env);
  if (typeof candidates === "string") throw new BackendUnavailable(candidates);
  const passedOver: string[] = [];
  for (const candidate of candidates) {
    const known = found.get(candidate.path);
    if (known) return { ...known, passedOver };
    const result = await probe(candidate, env);
    if (result.ok) {
      const info = { path: candidate.path, label: candidate.label, torch: result.torch, passedOver };
      found.set(candidate.path, info);
      return info;
    }
    passedOver.push(result.reason);
  }
  throw new BackendUnavailable(passedOver.join("; "));
}
