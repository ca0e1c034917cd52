import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runImport } from "../../../main/commands/import";
import { validateFile } from "../../../main/commands/validate";
import { parseGraphText } from "../../../shared/graph";
import { netloom } from "../../helpers/cli";
import { tempDir } from "../../helpers/handlerContext";
import { type HostileInput, hostileCorpus, RAW_CONTROL, STACK_TRACE } from "../../helpers/hostileCorpus";

/** Models that are odd but harmless: they import as valid graphs with defaults in place of the odd names. */
const ACCEPTED = new Set(["models/object-member-names"]);

let corpus: ReturnType<typeof hostileCorpus>;
beforeAll(() => {
  corpus = hostileCorpus();
});
afterAll(() => {
  corpus.remove();
  console.log(`hostile inputs tried through the CLI: ${tried}`);
});
let tried = 0;

/** Runs a command's function the way the CLI does, collecting what it printed on the terminal. */
async function printed(run: () => number | Promise<number>): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const collect = (...args: unknown[]) => void lines.push(args.join(" "));
  const spies = [
    vi.spyOn(console, "log").mockImplementation(collect),
    vi.spyOn(console, "error").mockImplementation(collect),
  ];
  try {
    return { code: await run(), text: lines.join("\n") };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

function expectClearRefusal(input: HostileInput, code: number, text: string): void {
  expect([1, 2], `${input.name} exits 1 or 2:\n${text}`).toContain(code);
  expect(text.trim().length, `${input.name} says why`).toBeGreaterThan(10);
  expect(text, `${input.name}: no stack trace`).not.toMatch(STACK_TRACE);
  expect(text, `${input.name}: nothing raw for the terminal`).not.toMatch(RAW_CONTROL);
  expect(text.length, `${input.name}: a message, not a dump`).toBeLessThan(20_000);
}

describe("the hostile corpus through the CLI", () => {
  it("validate refuses every graph file with exit 1 or 2 and a clear, sanitized message", async () => {
    for (const input of corpus.inputs.filter((i) => i.kind === "graph")) {
      tried++;
      // validateFile prints through the same sanitizing terminal as `netloom validate`.
      const { code, text } = await printed(() => validateFile(input.path));
      expectClearRefusal(input, code, text);
    }
  }, 120_000);

  it("import refuses every model file with exit 1 or 2, or writes a valid graph when the model is odd but harmless", async () => {
    const out = tempDir();
    for (const input of corpus.inputs.filter((i) => i.kind === "model")) {
      tried++;
      const graph = path.join(out, `${path.basename(input.name)}.netloom.json`);
      const { code, text } = await printed(() => runImport(input.path, graph));
      if (ACCEPTED.has(input.name)) {
        expect(code, `${input.name}:\n${text}`).toBe(0);
        expect(parseGraphText(readFileSync(graph, "utf8")).ok).toBe(true);
      } else {
        expectClearRefusal(input, code, text);
        expect(existsSync(graph), `${input.name} writes no graph`).toBe(false);
      }
    }
  }, 120_000);

  it("as real processes: no hang on a FIFO or /dev/zero, no escape sequence reaches the terminal", async () => {
    const pick = (name: string) => corpus.inputs.find((i) => i.name === name) as HostileInput;
    const runs = [
      ["validate", pick("graphs/fifo.json").path],
      ["validate", pick("graphs/dev-zero.json").path],
      ["validate", pick("graphs/terminal-escapes.json").path],
      ["validate", pick("graphs/names-that-attack.json").path],
      ["import", pick("models/weights-fifo").path, "--out", path.join(tempDir(), "g.netloom.json")],
    ];
    for (const args of runs) {
      tried++;
      const r = await netloom(args);
      const input = { kind: "graph", path: args[1] as string, name: args.join(" ") } as const;
      expect(r.signal, input.name).toBeNull();
      expectClearRefusal(input, r.code ?? -1, `${r.stdout}${r.stderr}`);
    }
  }, 120_000);
});
