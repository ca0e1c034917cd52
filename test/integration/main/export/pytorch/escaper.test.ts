import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPyTorch } from "../../../../../main/export/pytorch/script";
import { chainGraph, compileOk } from "../../../../helpers/chainGraph";
import { runPython } from "../../../../helpers/python";

const STATEMENTS = join(import.meta.dirname, "../../../../fixtures/export/statements.py");

/** Pieces that end literals, docstrings or comments, or read other than they are, and any code point at all. */
const piece = fc.oneof(
  fc.constantFrom('"', "'", '"""', "'''", "\\", "\\N{", "\n", "\r", "\r\n", "\0", "\t", "\f", "\v", "\u0085"),
  fc.constantFrom("\u2028", "\u2029", "\u202e", "\ufeff", "\ud800", "\udfff", "😀", "#", "{", "}", "import os"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }),
);
const hostile = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(""));

/**
 * The PyTorch script of a CSV graph whose name, description, label column, data path and source
 * note are all `text`, the places where text from a graph or file lands in the generated code.
 */
function script(text: string): string {
  const doc = chainGraph({
    name: text,
    dataset: { source: "csv", path: `data/${text}.csv`, labelColumn: text },
    x: [],
    y: [["OneHot", { classes: 3 }]],
    layers: [["Linear", { units: 3 }], ["Softmax"]],
  });
  doc.meta.description = text;
  const info = { xShape: [4], yShape: [1], classes: 3, trainSamples: 1000, testSamples: 0 };
  return exportPyTorch(doc, compileOk(doc, { datasets: { dataset: info } }), { baseDir: "/projects", source: text });
}

interface Described {
  error?: string;
  statements: string[];
  doc: string;
  strings: Record<string, string>;
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "netloom-escaper-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Parses every module in one Python process. */
async function describeAll(texts: string[]): Promise<Described[]> {
  const paths = await Promise.all(
    texts.map(async (text, i) => {
      const path = join(dir, `m${i}.py`);
      await writeFile(path, script(text), "utf8");
      return path;
    }),
  );
  const list = join(dir, "modules.json");
  await writeFile(list, JSON.stringify(paths));
  const result = await runPython([STATEMENTS, list]);
  if (result.code !== 0) throw new Error(`statements.py failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as Described[];
}

describe("text from a graph in the generated PyTorch script", () => {
  it("never changes what the script does: any name parses to the statements of a plain one", async () => {
    const texts = ["plain", ...fc.sample(hostile, { numRuns: 250, seed: 11 })];
    texts.push('""\nimport os;os.system("touch /tmp/owned")\nx=""', "x\\", "\ud83d", "a\r\nb\rc");
    const [plain, ...rest] = await describeAll(texts);
    expect(plain?.error).toBeUndefined();
    rest.forEach((module, i) => {
      const text = texts[i + 1] as string;
      const shown = JSON.stringify(text);
      expect(module.error, shown).toBeUndefined();
      expect(module.statements, shown).toEqual(plain?.statements);
      // Escaped, not mangled: Python reads the name and the label column back exactly.
      expect(module.doc.startsWith(`Trains "${text}" with PyTorch.\n`), shown).toBe(true);
      expect(module.strings.LABEL_COLUMN, shown).toBe(text);
    });
  }, 120_000);
});
