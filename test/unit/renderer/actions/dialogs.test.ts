import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { chooseSavePath } from "../../../../renderer/actions/dialogs";
import { api } from "../../../../renderer/api";
import { editorStore } from "../../../../renderer/store";
import { answerConfirm } from "../helpers/confirm";

/** What the native save dialog answers next. */
const dialog = vi.hoisted(() => ({ answer: null as string | null }));
vi.mock("../../../../renderer/api", async () => ({
  api: (await import("../helpers/backend")).inProcessBackend(() => dialog.answer).api,
}));
const dir = mkdtempSync(path.join(os.tmpdir(), "netloom-save-dialog-"));

/** What the next export to `target` would send as `overwrite`. */
const overwriteOf = (target: string) =>
  (api.overwrite.apply("training.export", { runId: "r", format: "tfjs", path: target }) as { overwrite?: boolean })
    .overwrite;

afterEach(() => editorStore.getState().closeDialog());

describe("Electron's save dialog and the files it does not show", () => {
  it("asks about a TF.js folder's files the dialog did not show; declined, nothing may be replaced", async () => {
    dialog.answer = path.join(dir, "declined-tfjs");
    mkdirSync(dialog.answer);
    writeFileSync(path.join(dialog.answer, "model.json"), "{}");
    const chosen = chooseSavePath("declined-tfjs", "tfjs");
    expect(await answerConfirm(false)).toBe(`${path.join(dialog.answer, "model.json")} already exists. Replace it?`);
    expect(await chosen).toBeNull();
    expect(overwriteOf(dialog.answer)).toBeUndefined();
  });

  it("agreed, the export to that folder may replace them, once", async () => {
    dialog.answer = path.join(dir, "agreed-tfjs");
    mkdirSync(dialog.answer);
    writeFileSync(path.join(dialog.answer, "model.json"), "{}");
    writeFileSync(path.join(dialog.answer, "weights.bin"), "");
    const chosen = chooseSavePath("agreed-tfjs", "tfjs");
    expect(await answerConfirm(true)).toMatch(/model\.json, .*weights\.bin already exist\. Replace them\?/);
    expect(await chosen).toBe(dialog.answer);
    expect(overwriteOf(dialog.answer)).toBe(true);
    expect(overwriteOf(dialog.answer)).toBeUndefined();
  });

  it("does not ask again about the one file the dialog showed, and agrees to nothing where nothing exists", async () => {
    dialog.answer = path.join(dir, "graph.netloom.json");
    writeFileSync(dialog.answer, "{}");
    expect(await chooseSavePath("graph.netloom.json")).toBe(dialog.answer);
    expect(editorStore.getState().dialog).toBeNull();
    expect(overwriteOf(dialog.answer)).toBe(true);

    dialog.answer = path.join(dir, "new.netloom.json");
    expect(await chooseSavePath("new.netloom.json")).toBe(dialog.answer);
    expect(overwriteOf(dialog.answer)).toBeUndefined();
  });

  it("returns null when the dialog is cancelled", async () => {
    dialog.answer = null;
    expect(await chooseSavePath("x.netloom.json")).toBeNull();
    expect(editorStore.getState().dialog).toBeNull();
  });
});
