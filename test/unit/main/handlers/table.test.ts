import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { HandlerContext } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import { handlers } from "../../../../main/handlers/table";
import { MAX_RECENT } from "../../../../main/handlers/userData";
import type { ReplyEnvelope } from "../../../../shared/api";
import { serializeGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { browserContext, tempDir } from "../../../helpers/handlerContext";

async function call<T = Record<string, unknown>>(ctx: HandlerContext, channel: string, payload: unknown = {}) {
  const reply: ReplyEnvelope = await dispatch(handlers, ctx, channel, payload);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

describe("file handlers, on real files", () => {
  it("saves in the stable format and opens the same graph again", async () => {
    const ctx = browserContext();
    const file = path.join(tempDir(), "mnist.netloom.json");
    const doc = loadPreset("mnist");
    const saved = await call(ctx, "file.save", { path: file, doc });
    expect(saved).toMatchObject({ path: file, name: "mnist.netloom.json" });
    expect(readFileSync(file, "utf8")).toBe(serializeGraph(doc));
    expect(readdirSync(path.dirname(file))).toEqual(["mnist.netloom.json"]);
    const opened = await call(ctx, "file.open", { path: file });
    expect(opened).toMatchObject({ ok: true, name: "mnist.netloom.json", doc, migrations: [] });
  });

  it("opens and saves even when the data folder for recent files cannot be written", async () => {
    const blocker = path.join(tempDir(), "a-file");
    writeFileSync(blocker, "");
    const ctx = browserContext({ dataDir: path.join(blocker, "data") });
    const file = path.join(tempDir(), "g.netloom.json");
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await call(ctx, "file.save", { path: file, doc: loadPreset("mnist") });
      expect(await call(ctx, "file.open", { path: file })).toMatchObject({ ok: true });
      expect(quiet).toHaveBeenCalledWith(expect.stringContaining("could not update the recent files"));
    } finally {
      quiet.mockRestore();
    }
  });

  it("replaces an existing file whole, when asked to", async () => {
    const ctx = browserContext();
    const file = path.join(tempDir(), "g.json");
    writeFileSync(file, "x".repeat(100_000));
    await call(ctx, "file.save", { path: file, doc: loadPreset("mnist"), overwrite: true });
    expect(JSON.parse(readFileSync(file, "utf8")).format).toBe("netloom.graph");
  });

  it("refuses to save outside .json files or into a missing folder", async () => {
    const ctx = browserContext();
    const dir = tempDir();
    await expect(
      call(ctx, "file.save", { path: path.join(dir, ".bashrc"), doc: loadPreset("mnist") }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      call(ctx, "file.save", { path: path.join(dir, "no", "such", "g.json"), doc: loadPreset("mnist") }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("does not exist") });
  });

  it("reports a malformed graph as a normal reply listing each problem", async () => {
    const ctx = browserContext();
    const file = path.join(tempDir(), "bad.json");
    writeFileSync(file, JSON.stringify({ format: "netloom.graph", version: 1, nodes: [{ id: "a b" }], edges: [] }));
    const result = await call(ctx, "file.open", { path: file });
    expect(result).toMatchObject({ ok: false, reason: "schema", name: "bad.json" });
    expect((result.errors as string[]).join("\n")).toMatch(/nodes\[0\]\.id/);
    expect(await call(ctx, "recent.list")).toEqual([]);
  });

  it("says which file is missing, and that a folder is not a graph", async () => {
    const ctx = browserContext();
    const dir = tempDir();
    await expect(call(ctx, "file.open", { path: path.join(dir, "gone.json") })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("gone.json"),
    });
    await expect(call(ctx, "file.open", { path: dir })).rejects.toMatchObject({ code: "IO" });
  });

  it("lists folders first, then .json files, without hidden entries", async () => {
    const dir = tempDir();
    for (const name of ["b.netloom.json", "a.json", "notes.txt", ".hidden.json"])
      writeFileSync(path.join(dir, name), "{}");
    mkdirSync(path.join(dir, "zoo"));
    const listing = await call(browserContext(), "file.list", { dir });
    expect((listing.entries as Array<{ name: string }>).map((e) => e.name)).toEqual([
      "zoo",
      "a.json",
      "b.netloom.json",
    ]);
    expect(listing.parent).toBe(path.dirname(dir));
    const data = await call(browserContext(), "file.list", { dir, kind: "data" });
    expect((data.entries as Array<{ name: string }>).map((e) => e.name)).toEqual([
      "zoo",
      "a.json",
      "b.netloom.json",
      "notes.txt",
    ]);
  });
});

describe("recent files", () => {
  it("keeps the newest first, without duplicates, at most MAX_RECENT, and tells the host", async () => {
    const seen: unknown[] = [];
    const ctx = browserContext({ onRecentChanged: (files) => seen.push(files.length) });
    const dir = tempDir();
    const doc = loadPreset("mnist");
    for (let i = 0; i < MAX_RECENT + 2; i++) await call(ctx, "file.save", { path: path.join(dir, `g${i}.json`), doc });
    await call(ctx, "file.open", { path: path.join(dir, "g3.json") });
    const recent = await call<Array<{ name: string }>>(ctx, "recent.list");
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]?.name).toBe("g3.json");
    expect(recent.filter((r) => r.name === "g3.json")).toHaveLength(1);
    expect(seen.length).toBe(MAX_RECENT + 3);
    expect(await call(ctx, "recent.clear")).toEqual([]);
    expect(await call(ctx, "recent.list")).toEqual([]);
  });
});
