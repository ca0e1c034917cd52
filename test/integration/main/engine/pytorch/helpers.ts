import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunControl } from "../../../../../main/engine/control";
import type { PyTorchTiming } from "../../../../../main/engine/pytorch/trainer";
import { runTraining, type TrainedRun } from "../../../../../main/engine/train";
import type { GraphDocument } from "../../../../../shared/graph";
import type { RunOptions, TrainingEvent } from "../../../../../shared/run";
import { PYTHON } from "../../../../helpers/python";
import { Events } from "../helpers";

/** Trains in this process on the pytorch backend. */
export async function trainOnPyTorch(
  doc: GraphDocument,
  options: RunOptions = {},
  how: { onEvent?: (e: TrainingEvent, control: RunControl) => void; timing?: PyTorchTiming; control?: RunControl } = {},
): Promise<{ run: TrainedRun | null; events: Events }> {
  const events = new Events();
  const control = how.control ?? new RunControl();
  const run = await runTraining(
    { runId: "pytorch", doc, options: { backend: "pytorch", ...options } },
    (e) => {
      events.emit(e);
      how.onEvent?.(e, control);
    },
    control,
    { pytorch: how.timing ?? {} },
  );
  return { run, events };
}

/**
 * A stand-in interpreter in a folder of its own: it answers NetLoom's probe as the real Python
 * does (or with `probe`, a JSON line), and runs `script` (shell) instead of the driver.
 */
export async function fakePython(script: string, probe?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "netloom-fake-python-"));
  const path = join(dir, "python3");
  const answer = probe ? `echo '${probe}'; exit 0` : `exec ${PYTHON} "$@"`;
  await writeFile(path, `#!/bin/sh\nif [ "$1" = "-c" ]; then ${answer}; fi\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

/** Runs `fn` with NETLOOM_PYTHON set to `python`. */
export async function withPython<T>(python: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.NETLOOM_PYTHON;
  process.env.NETLOOM_PYTHON = python;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.NETLOOM_PYTHON;
    else process.env.NETLOOM_PYTHON = before;
  }
}

/** Process ids of this process's children whose command line mentions `text`. */
export function childrenRunning(text: string): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  } catch {
    // ps exits 1 when no process matches.
  }
  return out
    .split("\n")
    .filter((line) => line.includes(text))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Whether a process is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
