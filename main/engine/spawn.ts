import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { EngineMessage, HostMessage } from "./protocol";

/** A running engine process, whatever started it (child_process here, utilityProcess in Electron). */
export interface EngineProcess {
  send(message: HostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process ends; `reason` reads like "exit code 1" or "signal SIGKILL". */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

/** Starts an engine process running `main/engine/worker.ts`. */
export type SpawnEngine = () => EngineProcess;

/**
 * Forks the worker under plain Node, with tsx to run its TypeScript. Its stdout goes to the
 * parent's stderr: the parent's stdout may be a `--json` event stream.
 */
export const forkEngine: SpawnEngine = () => {
  const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));
  const child = fork(worker, [], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    serialization: "advanced",
    stdio: ["ignore", 2, "inherit", "ipc"],
  });
  // An engine that fails to start or whose channel breaks emits "error"; unheard, it would crash
  // the app. Its end is reported through onExit instead.
  let ended: ((reason: string) => void) | undefined;
  let endReason: string | undefined;
  const end = (reason: string) => {
    if (endReason !== undefined) return;
    endReason = reason;
    ended?.(reason);
  };
  child.on("error", (err) => end(`the engine process failed: ${err.message}`));
  child.once("exit", (code, signal) => end(signal ? `signal ${signal}` : `exit code ${code}`));
  return {
    send: (message) => {
      // A send racing the engine's death fails in the callback; the exit is reported anyway.
      if (child.connected) child.send(message, () => {});
    },
    onMessage: (listener) => child.on("message", listener),
    onExit: (listener) => {
      ended = listener;
      if (endReason !== undefined) listener(endReason);
    },
    kill: () => child.kill("SIGKILL"),
    get pid() {
      return child.pid;
    },
  };
};

export type { EngineMessage };
