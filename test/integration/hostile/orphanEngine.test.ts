import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { netloom } from "../../helpers/cli";
import { STACK_TRACE } from "../../helpers/hostileCorpus";

/** The pid of the training engine among `parent`'s children, or undefined. */
function enginePid(parent: number): number | undefined {
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(parent)], { encoding: "utf8" });
  const line = lines.split("\n").find((l) => l.includes("worker.ts"));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the training engine whose host dies", () => {
  it("ends quietly, without a stack trace or pages of minified code", async () => {
    let engine: number | undefined;
    const r = await netloom(
      ["train", "--preset", "mnist", "--epochs", "1", "--limit", "20000", "--backend", "wasm", "--json"],
      (stdout, child) => {
        if (engine !== undefined || !stdout.includes('"type":"batch"')) return;
        engine = enginePid(child.pid as number);
        child.kill("SIGKILL");
      },
    );
    expect(r.signal).toBe("SIGKILL");
    expect(engine).toBeGreaterThan(0);
    // The engine shares the killed host's stderr pipe, which this test still reads: its last words land there.
    for (let i = 0; i < 300 && alive(engine as number); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(engine as number)).toBe(false);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr.length).toBeLessThan(2000);
  }, 120_000);
});
