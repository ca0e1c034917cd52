import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const RENDERER = path.join(import.meta.dirname, "../../../renderer");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(tsx?|css)$/.test(e.name) ? [full] : [];
  });
}

/** Emoji, pictographs and the arrows block U+2B00: fonts without emoji show them as empty boxes. */
const NEEDS_EMOJI_FONT = /[\u{2B00}-\u{2BFF}\u{1F000}-\u{1FAFF}]|\u{FE0F}/u;

describe("the editor's icons", () => {
  it("are SVG: no text the editor shows needs an emoji font", () => {
    const found = sources(RENDERER).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (NEEDS_EMOJI_FONT.test(line) ? [`${path.relative(RENDERER, file)}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
