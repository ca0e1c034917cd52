import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseGraphText, serializeGraph } from "../../../shared/graph";
import { loadPreset } from "../../../shared/presets";
import { tempDir } from "../../helpers/handlerContext";

const SAVER = path.join(import.meta.dirname, "../../helpers/saveUnderLimit.ts");

describe("a save killed midway", () => {
  it("leaves the previous file whole: the kernel stops a real write at 64 KB and kills the process", async () => {
    const dir = tempDir();
    const file = path.join(dir, "g.netloom.json");
    const previous = serializeGraph(loadPreset("mnist"));
    writeFileSync(file, previous);
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), SAVER, file, String(64 * 1024)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
    });
    const end = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("close", (code, signal) => resolve({ code, signal })),
    );
    // The write went past the file-size limit in the middle of the new graph's ~600 KB: the kernel
    // sends SIGXFSZ, which kills the process (write-file-atomic removes its temp file on the way out).
    expect(end, output).toEqual({ code: null, signal: "SIGXFSZ" });
    expect(readFileSync(file, "utf8")).toBe(previous);
    const reopened = parseGraphText(readFileSync(file, "utf8"));
    expect(reopened.ok && reopened.doc.meta.name).toBe("MNIST MLP");
    expect(readdirSync(dir)).toEqual(["g.netloom.json"]);
  }, 60_000);
});
