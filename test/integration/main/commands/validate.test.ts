import { truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFile } from "../../../../main/commands/validate";
import { graphPath, netloom } from "../../../helpers/cli";
import { fifo, tempDir } from "../../../helpers/handlerContext";

/** Runs validateFile in this process, collecting its output lines. */
function validate(path: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = validateFile(path, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const temp = (name: string, text: string) => {
  const path = join(tmpdir(), `netloom-validate-${process.pid}-${name}`);
  writeFileSync(path, text);
  return path;
};

describe("netloom validate", () => {
  it("exits 0 for a valid graph", () => {
    const r = validate(graphPath("engine-binary.json"));
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${graphPath("engine-binary.json")}: valid (8 nodes, 33 trainable parameters)`]);
  });

  it("exits 1 with one line per error, `node <id>: <message>`", () => {
    const r = validate(graphPath("cli-invalid.json"));
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      "node linear1: Linear takes a flat vector but receives [28, 28]; add a Flatten before it",
      "node loss: connect an Optimizer to this Loss's output",
    ]);
  });

  it("reports an unreadable data file as an error of its Dataset node", () => {
    const r = validate(graphPath("cli-bad-data.json"));
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^node data: .*bad-number.csv line 3, column 2: the value is not a number$/);
  });

  it("prints warnings on stderr and still exits 0", () => {
    const r = validate(graphPath("compile-sigmoid-cce.json"));
    expect(r.code).toBe(0);
    expect(r.err.some((l) => l.startsWith("warning: node "))).toBe(true);
  });

  const unreadable: [string, () => string, RegExp][] = [
    ["a missing file", () => "/nonexistent/graph.json", /cannot read \/nonexistent\/graph.json: no such file/],
    ["a directory", () => tmpdir(), /cannot read .*: it is a folder, not a regular file/],
    [
      "a named pipe nobody writes to",
      () => fifo(tempDir()),
      /cannot read .*: it is a named pipe \(FIFO\), not a regular file/,
    ],
    [
      "a device that never ends",
      () => "/dev/zero",
      /cannot read \/dev\/zero: it is a character device, not a regular file/,
    ],
    [
      "a file larger than any graph",
      () => {
        const path = temp("huge.json", "");
        truncateSync(path, 65 * 2 ** 20);
        return path;
      },
      /cannot read .*huge\.json: it is 65 MB, more than 64 MB/,
    ],
    [
      "a file of terminal escapes, without echoing them",
      () => temp("escapes.json", "\u001b]0;owned\u0007\u001b[2J"),
      /not valid JSON: an unexpected character where a value should be at line 1, column 1$/,
    ],
    ["a file that is not JSON", () => temp("bad.json", "{ nodes: "), /is not a NetLoom graph: not valid JSON/],
    [
      "JSON that is not a graph",
      () => temp("other.json", '{"name": "x"}'),
      /other\.json: not a NetLoom graph: expected format "netloom.graph", found no "format" field/,
    ],
    [
      "a graph with a broken schema",
      () => temp("schema.json", '{"format":"netloom.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}'),
      /is not a NetLoom graph: nodes\[0\]/,
    ],
  ];
  for (const [what, path, message] of unreadable) {
    it(`exits 2 for ${what}`, () => {
      const r = validate(path());
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(message);
    });
  }

  it("gives the same codes and lines as a command, without a stack trace", async () => {
    const ok = await netloom(["validate", graphPath("engine-regression.json")]);
    expect(ok.code).toBe(0);
    const invalid = await netloom(["validate", graphPath("cli-invalid.json")]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout.trim().split("\n")).toHaveLength(2);
    const missing = await netloom(["validate", "/nonexistent/graph.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim()).toBe("netloom: cannot read /nonexistent/graph.json: no such file");
    for (const r of [ok, invalid, missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
