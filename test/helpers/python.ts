import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The Python with Debian's python3-torch; NETLOOM_PYTHON points elsewhere. */
export const PYTHON = process.env.NETLOOM_PYTHON ?? "/usr/bin/python3";

/** Why the PyTorch tests cannot run here, or null when `import torch` works. */
export const torchMissing: string | null = (() => {
  const probe = spawnSync(PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8", timeout: 60_000 });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} -c "import torch" fails: ${probe.stderr.trim().split("\n").pop()}`;
  return null;
})();

/** Says loudly why a suite is skipped, so a missing torch never passes silently. */
export function warnIfSkipped(suite: string): void {
  if (torchMissing) console.warn(`SKIPPED ${suite}: ${torchMissing}; install python3-torch (apt) to run it`);
}

export interface PythonResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs Python with `args`, collecting its output; never rejects on a non-zero exit. */
export function runPython(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PythonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const HARNESS = join(import.meta.dirname, "../fixtures/export/harness.py");

/** Runs jobs through test/fixtures/export/harness.py in one Python process; returns its results. */
export async function runHarness<T = Record<string, unknown>>(dir: string, jobs: object[]): Promise<T[]> {
  const file = join(dir, `jobs-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(jobs));
  const result = await runPython([HARNESS, file]);
  if (result.code !== 0) throw new Error(`harness failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop() as string) as T[];
}
