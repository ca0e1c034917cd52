import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The commands of the README's "The two commands" block, comments left out. */
function readmeCommands(): string[] {
  const section = read("README.md").split("## The two commands")[1] ?? "";
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

describe("the README's two commands", () => {
  it("are a start command and a test command that sets up what it needs", () => {
    expect(readmeCommands()).toEqual(["npm ci && npm run serve", "npm ci && npm run setup && npm test"]);
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts.setup).toBe("node scripts/setup.mjs");
  });

  it("are what CI runs: .ci/run runs the README's test command as written", () => {
    const test = readmeCommands()[1];
    const ci = read(".ci/run")
      .split("\n")
      .filter((line) => !line.startsWith("#") && line.includes("npm test"));
    expect(ci).toEqual([`{ ${test}; } 2>&1 | tee "$log"`]);
  });
});
