import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { HandlerContext } from "../../main/handlers/context";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "netloom-unit-"));
  made.push(dir);
  return dir;
}

/** A browser-host context (no native dialogs) over a fresh data folder; events are collected. */
export function browserContext(over: Partial<HandlerContext> = {}): HandlerContext & { events: unknown[] } {
  const events: unknown[] = [];
  return {
    host: "browser",
    version: "0.0.0-test",
    startup: { preset: "mnist", file: null },
    dataDir: path.join(tempDir(), "data"),
    emit: (event, payload) => events.push({ event, payload }),
    events,
    ...over,
  };
}

/** A named pipe nobody writes to: reading it waits for a writer, and none will come. */
export function fifo(dir: string, name = "pipe.json"): string {
  const file = path.join(dir, name);
  const made = spawnSync("mkfifo", [file]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
  return file;
}
