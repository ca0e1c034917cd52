import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { OutputTail } from "./output";

/** How to start the driver: which Python, the run's folder, how many processes, where to talk. */
export interface LaunchOptions {
  python: string;
  runDir: string;
  processes: number;
  /** NETLOOM_CHANNEL and NETLOOM_TOKEN for the driver. */
  channel: string;
  token: string;
}

/** A running driver: one Python process, or torchrun with its workers. */
export interface DriverProcess {
  readonly pid: number | undefined;
  /** Called once when it ends, with a reason like "exit code 1" or "signal SIGKILL". */
  onExit(listener: (reason: string, code: number | null) => void): void;
  /** What it printed on stderr (where tracebacks go), the last 64 KB. */
  errors(): string;
  /** Ends it and every process it started. */
  kill(): void;
}

const windows = process.platform === "win32";

/** A port free on this machine now, for torchrun's rendezvous. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The command line: `python driver.py RUN_DIR` for one process, else torchrun as a module of the
 * same Python (its `torchrun` script may belong to another). torch 1.13's torchrun under Python
 * 3.11 fails to start unless --redirects and --tee are given; `2` keeps the workers' stdout
 * plain and prefixes their stderr with their rank, which the failure message reads.
 */
export async function driverArgs(o: Pick<LaunchOptions, "runDir" | "processes">): Promise<string[]> {
  const driver = join(o.runDir, "driver.py");
  if (o.processes <= 1) return [driver, o.runDir];
  return [
    "-m",
    "torch.distributed.run",
    "--nnodes=1",
    `--nproc_per_node=${o.processes}`,
    `--master_port=${await freePort()}`,
    "--monitor_interval=1",
    "--redirects=2",
    "--tee=2",
    `--log_dir=${join(o.runDir, "logs")}`,
    driver,
    o.runDir,
  ];
}

const PYTHON_ENV = { PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" };

/**
 * Python with torch and numpy imported, waiting for one job on stdin (a JSON line: the driver,
 * the run's folder, its environment) to run as the driver would run started cold.
 */
const WARM = `import json, os, runpy, sys
import numpy, torch
line = sys.stdin.readline()
if not line:
    sys.exit(0)
job = json.loads(line)
os.environ.update(job["env"])
os.chdir(job["runDir"])
sys.argv = [job["driver"], job["runDir"]]
runpy.run_path(job["driver"], run_name="__main__")`;

/** A started Python process, its stderr kept and its end reported once. */
function startPython(python: string, args: string[], env: Record<string, string>, cwd?: string) {
  const child: ChildProcess = spawn(python, args, {
    ...(cwd ? { cwd } : {}),
    // Its own process group: Ctrl-C in a terminal is the engine's to handle, and ending the
    // group ends torchrun's workers too.
    detached: !windows,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...PYTHON_ENV, ...env },
  });
  // Its stdout (the module's own progress lines) is not needed: the channel carries the metrics.
  child.stdout?.resume();
  const tail = new OutputTail();
  child.stderr?.on("data", (d: Buffer) => tail.push(d));
  let ended: { reason: string; code: number | null } | undefined;
  let listener: ((reason: string, code: number | null) => void) | undefined;
  const end = (reason: string, code: number | null) => {
    if (ended) return;
    ended = { reason, code };
    listener?.(reason, code);
  };
  child.on("error", (err) => end(`it could not start: ${err.message}`, null));
  child.stdin?.on("error", () => {});
  // "close" comes after the pipes are drained, so the output holds the last traceback.
  child.on("close", (code, signal) => end(signal ? `signal ${signal}` : `exit code ${code}`, code));
  const handle: DriverProcess & { child: ChildProcess; readonly ended: boolean } = {
    child,
    get ended() {
      return ended !== undefined;
    },
    get pid() {
      return child.pid;
    },
    onExit(fn) {
      listener = fn;
      if (ended) fn(ended.reason, ended.code);
    },
    errors: () => tail.toString(),
    kill() {
      if (ended || child.pid === undefined) return;
      try {
        if (windows) child.kill("SIGKILL");
        else process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    },
  };
  return handle;
}

let warm: { python: string; process: ReturnType<typeof startPython> } | null = null;

/**
 * Starts a Python that imports torch now, while the engine prepares the samples, for the next
 * one-process run to take: importing torch takes seconds. One is kept at a time; it ends by
 * itself when the engine does (its stdin closes).
 */
export function prewarm(python: string): void {
  if (warm && warm.python === python && !warm.process.ended) return;
  warm?.process.kill();
  // The last argument only names the process for `ps`.
  const started = startPython(python, ["-u", "-c", WARM, "netloom-pytorch-driver"], {});
  // It must not keep the engine (or a CLI) alive by itself.
  started.child.unref();
  for (const stream of [started.child.stdin, started.child.stdout, started.child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  warm = { python, process: started };
}

/**
 * Starts the driver: in the warm Python when one runs for this interpreter and the run is one
 * process, else afresh (torchrun for several processes).
 */
export async function launchDriver(o: LaunchOptions): Promise<DriverProcess> {
  const env = { NETLOOM_CHANNEL: o.channel, NETLOOM_TOKEN: o.token };
  const ready = warm && warm.python === o.python && !warm.process.ended ? warm.process : null;
  warm = null;
  if (ready && o.processes <= 1) {
    ready.child.ref();
    const job = { driver: join(o.runDir, "driver.py"), runDir: o.runDir, env: { ...env, ...PYTHON_ENV } };
    ready.child.stdin?.end(`${JSON.stringify(job)}\n`);
    return ready;
  }
  ready?.kill();
  const started = startPython(o.python, await driverArgs(o), env, o.runDir);
  started.child.stdin?.end();
  return started;
}
