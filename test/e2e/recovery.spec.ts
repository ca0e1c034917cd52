import { readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { Editor, expect, test } from "./fixtures";
import { type Served, startServe } from "./serve";

/** The edge ids of the graph in the autosave on disk, or null when there is none. */
function autosavedEdges(dataDir: string): string[] | null {
  try {
    const saved = JSON.parse(readFileSync(path.join(dataDir, "autosave.json"), "utf8"));
    return saved.doc.edges.map((e: { id: string }) => e.id).sort();
  } catch {
    return null;
  }
}

/** Opens the editor of a running `netloom serve` in a new tab; the page must log no error. */
async function openEditor(context: BrowserContext, served: Served, errors: string[]): Promise<Editor> {
  const page: Page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.url);
  await expect(page.locator(".react-flow__pane")).toBeVisible();
  return new Editor(page);
}

async function deleteEdge(editor: Editor, id: string): Promise<void> {
  await editor.page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-interaction`).click();
  await editor.page.keyboard.press("Delete");
  await expect(editor.page.locator(`.react-flow__edge[data-id="${id}"]`)).toHaveCount(0);
}

const PRESET_EDGES = 12;

test("recovered work outlives edits, New and a second crash until it is restored", async ({ context, served }) => {
  const { dataDir } = served;
  const errors: string[] = [];
  const restarted: Served[] = [];
  const crash = async (editor: Editor, server: Served) => {
    await editor.page.close();
    await server.stop("SIGKILL");
  };
  try {
    // Session 1: work A (one connection removed) reaches the autosave, then NetLoom dies.
    let editor = await openEditor(context, served, errors);
    await deleteEdge(editor, "e-linear1-relu");
    await expect.poll(() => autosavedEdges(dataDir)?.length).toBe(PRESET_EDGES - 1);
    const workA = autosavedEdges(dataDir);
    await crash(editor, served);

    // Session 2: A is offered. Edits B made meanwhile do not overwrite it, and New keeps the offer.
    restarted.push(await startServe(["--preset", "mnist"], dataDir));
    editor = await openEditor(context, restarted[0] as Served, errors);
    const banner = () => editor.page.getByTestId("restore-banner");
    await expect(banner()).toBeVisible();
    await deleteEdge(editor, "e-relu-linear2");
    await expect(editor.page.getByTestId("autosave-paused")).toBeVisible();
    expect(autosavedEdges(dataDir)).toEqual(workA);
    await editor.command("file.new");
    await editor.page.getByRole("button", { name: "Start a new graph anyway" }).click();
    await expect(editor.nodes).toHaveCount(0);
    await expect(banner()).toBeVisible();
    expect(autosavedEdges(dataDir)).toEqual(workA);
    await editor.shot("1-offer-kept-after-new");
    await crash(editor, restarted[0] as Served);

    // Session 3: A is still offered. Restore asks before replacing unsaved edits, then brings A back.
    restarted.push(await startServe(["--preset", "mnist"], dataDir));
    editor = await openEditor(context, restarted[1] as Served, errors);
    await expect(banner()).toBeVisible();
    await deleteEdge(editor, "e-loss-optimizer");
    await editor.page.getByTestId("restore").click();
    const dialog = editor.page.getByRole("dialog");
    await expect(dialog).toContainText("has unsaved changes");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(banner()).toBeVisible();
    await expect(editor.edges).toHaveCount(PRESET_EDGES - 1);
    await expect(editor.page.locator('.react-flow__edge[data-id="e-loss-optimizer"]')).toHaveCount(0);

    await editor.page.getByTestId("restore").click();
    await dialog.getByRole("button", { name: "Restore the recovered work anyway" }).click();
    await expect(banner()).toHaveCount(0);
    await expect(editor.edges).toHaveCount(PRESET_EDGES - 1);
    await expect(editor.page.locator('.react-flow__edge[data-id="e-linear1-relu"]')).toHaveCount(0);
    await expect(editor.page.locator('.react-flow__edge[data-id="e-loss-optimizer"]')).toHaveCount(1);
    await expect(editor.page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
    await expect.poll(() => autosavedEdges(dataDir)).toEqual(workA);
    await editor.shot("2-restored");
  } finally {
    for (const server of restarted) await server.stop();
  }
  expect(errors, "the pages logged no errors").toEqual([]);
});
