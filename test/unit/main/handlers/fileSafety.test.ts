import { truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readRegularFile } from "../../../../main/data/regularFile";
import { dispatch } from "../../../../main/handlers/dispatch";
import { handlers } from "../../../../main/handlers/table";
import type { OpenResult } from "../../../../shared/api";
import { browserContext, fifo, tempDir } from "../../../helpers/handlerContext";

vi.mock("../../../../main/data/regularFile", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../../main/data/regularFile")>();
  return { ...actual, readRegularFile: vi.fn(actual.readRegularFile) };
});

const unix = process.platform !== "win32";

async function open(file: string) {
  return dispatch(handlers, browserContext(), "file.open", { path: file });
}

describe("file.open reads only regular files, within a bound", () => {
  it.runIf(unix)("refuses a named pipe and a device with what they are, instead of waiting on them", async () => {
    const pipe = fifo(tempDir());
    expect(await open(pipe)).toEqual({
      ok: false,
      error: { code: "IO", message: `${pipe}: it is a named pipe (FIFO), not a regular file; choose a graph file` },
    });
    expect(await open("/dev/zero")).toMatchObject({
      ok: false,
      error: {
        code: "IO",
        message: expect.stringContaining("/dev/zero: it is a character device, not a regular file"),
      },
    });
  });

  it("refuses a graph file over 64 MB that is no model, and anything over the 256 MB model limit", async () => {
    const dir = tempDir();
    const big = path.join(dir, "big.netloom.json");
    writeFileSync(big, "");
    truncateSync(big, 70 * 2 ** 20);
    expect(await open(big)).toEqual({
      ok: false,
      error: { code: "IO", message: "big.netloom.json is 70 MB; graph files are at most 64 MB" },
    });
    truncateSync(big, 300 * 2 ** 20);
    expect(await open(big)).toEqual({
      ok: false,
      error: { code: "IO", message: "big.netloom.json is 300 MB; graph files are at most 64 MB, model files 256 MB" },
    });
  });

  it("refuses a JSON file over 64 MB that does not start as a model without reading it whole", async () => {
    const big = path.join(tempDir(), "huge.netloom.json");
    writeFileSync(big, '{"format": "netloom.graph", "version": 1, "meta": {"name": "huge"}, "nodes": [');
    truncateSync(big, 65 * 2 ** 20);
    vi.mocked(readRegularFile).mockClear();
    expect(await open(big)).toEqual({
      ok: false,
      error: { code: "IO", message: "huge.netloom.json is 65 MB; graph files are at most 64 MB" },
    });
    expect(vi.mocked(readRegularFile).mock.calls.map(([file]) => file)).not.toContain(big);
  });

  it("says where a file stops being JSON without quoting any of it", async () => {
    const dir = tempDir();
    const shadow = path.join(dir, "shadow");
    writeFileSync(shadow, "root:*:20211:0:99999:7:::\ndaemon:*:20211:0:99999:7:::\n");
    const nested = path.join(dir, "nested.json");
    writeFileSync(nested, '{\n  "format": "netloom.graph",\n  "secret": hunter2\n}\n');
    for (const [file, where] of [
      [shadow, "an unexpected character where a value should be at line 1, column 1"],
      [nested, "an unexpected character where a value should be at line 3, column 13"],
    ] as const) {
      const reply = await open(file);
      if (!reply.ok) throw new Error(reply.error.message);
      const result = reply.value as OpenResult;
      expect(result).toMatchObject({ ok: false, reason: "json", errors: [`not valid JSON: ${where}`] });
      expect(JSON.stringify(reply)).not.toMatch(/root|daemon|hunter2|20211/);
    }
  });
});
