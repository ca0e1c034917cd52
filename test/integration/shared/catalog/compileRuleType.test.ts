import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../../..");
const fixtures = join(root, "test/types/fixtures");

/** Type-checks one file with the project's settings; returns tsc's output, or "" when it passes. */
function typeCheck(file: string): string {
  const tsc = join(root, "node_modules/.bin/tsc");
  const args = [
    "--ignoreConfig",
    "--noEmit",
    "--strict",
    "--skipLibCheck",
    "--module",
    "esnext",
    "--moduleResolution",
    "bundler",
  ];
  try {
    execFileSync(tsc, [...args, "--target", "es2023", join(fixtures, file)], { cwd: root, encoding: "utf8" });
    return "";
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

describe("every node kind needs a compile rule, and every layer kind its PyTorch and import rules", () => {
  it("a kind with a compile rule type-checks", () => {
    expect(typeCheck("kindWithCompile.ts")).toBe("");
  });

  it("a new kind without a compile rule fails to type-check", () => {
    const output = typeCheck("kindWithoutCompile.ts");
    expect(output).toMatch(/kindWithoutCompile\.ts.*error TS\d+/s);
    expect(output).toMatch(/compile/);
  });

  it("a new layer kind without its PyTorch rule fails to type-check", () => {
    const output = typeCheck("kindWithoutTorch.ts");
    expect(output).toMatch(/kindWithoutTorch\.ts.*error TS\d+/s);
    expect(output).toMatch(/torch/);
  });

  it("a new layer kind without its import rule fails to type-check", () => {
    const output = typeCheck("kindWithoutImport.ts");
    expect(output).toMatch(/kindWithoutImport\.ts.*error TS\d+/s);
    expect(output).toMatch(/import/);
  });
});
