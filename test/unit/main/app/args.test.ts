import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseLaunchArgs } from "../../../../main/app/args";

describe("desktop launch arguments", () => {
  it("reads a preset and a graph file, relative to the working folder", () => {
    expect(parseLaunchArgs(["--preset", "mnist", "nets/a.netloom.json"], "/home/u")).toEqual({
      preset: "mnist",
      file: path.resolve("/home/u", "nets/a.netloom.json"),
    });
    expect(parseLaunchArgs(["--preset=mnist"], "/")).toEqual({ preset: "mnist", file: null });
  });

  it("ignores Chromium switches, unknown presets and other arguments", () => {
    expect(parseLaunchArgs(["--no-sandbox", "--preset", "imagenet", "--inspect=9229", "."], "/")).toEqual({
      preset: null,
      file: null,
    });
  });
});
