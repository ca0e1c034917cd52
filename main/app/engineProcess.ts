import { utilityProcess } from "electron";
import type { EngineProcess, SpawnEngine } from "../engine/spawn";

/**
 * Starts the training engine in an Electron utility process (a Node process Chromium manages),
 * behind the same interface `child_process.fork` gives the CLI.
 */
export function utilityEngine(workerPath: string): SpawnEngine {
  return (): EngineProcess => {
    const child = utilityProcess.fork(workerPath, [], { serviceName: "NetLoom training engine", stdio: "inherit" });
    let exited = false;
    return {
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on("message", listener),
      onExit: (listener) =>
        child.once("exit", (code) => {
          exited = true;
          listener(`exit code ${code}`);
        }),
      kill: () => {
        if (!exited) child.kill();
      },
      get pid() {
        return child.pid;
      },
    };
  };
}
