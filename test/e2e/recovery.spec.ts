import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";
import { Editor, expect, test } from "./fixtures";
import { type Served, startServe } from "./serve";

/** The edge ids of each autosave on disk (one per tab session), sorted; deleted edges are missing. */
function autosaves(dataDir: string): string[][] {
  let names: string[] = [];
  try {
    names = readdirSync(dataDir).filter((n) => /^autosave-.+\.json$/.test(n));
  } catch {
    return [];
  }
  return names
    .map((n) => JSON.parse(readFileSync(path.join(dataDir, n), "utf8")).doc.edges.map((e: { id: string }) => e.id))
    .map((ids: string[]) => ids.sort())
    .sort((a, b) => a.join().localeCompare(b.join()));
}

/** Whether some autosave lacks every one of `deleted` (and so holds that tab's work). */
const holds = (dataDir: string, deleted: string[]) =>
  autosaves(dataDir).some((edges) => deleted.every((d) => !edges.includes(d)));

/** Opens the editor of a running `netloom serve` in a new tab; the page must log no error. */
async function openEditor(context: BrowserContext, served: Served, errors: string[]): Promise<Editor> {
  const page: Page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.url);
  await expect(page.locator(".react-flow__pane")).toBeVisible();
  return new Editor(page);
}

async function deleteEdge(editor: Editor, id: string): Promise<void> {
  await editor.clickEdge(id);
  await editor.page.keyboard.press("Delete");
  await expect(editor.page.locator(`.react-flow__edge[data-id="${id}"]`)).toHaveCount(0);
}

const edge = (editor: Editor, id: string) => editor.page.locator(`.react-flow__edge[data-id="${id}"]`);
const banner = (editor: Editor) => editor.page.getByTestId("restore-banner");

test("each tab's unsaved work is its own: an open tab's is never offered or discarded elsewhere, a crashed tab's is", async ({
  context,
  served,
}) => {
  const { dataDir } = served;
  const errors: string[] = [];
  const a = await openEditor(context, served, errors);
  await deleteEdge(a, "e-linear1-relu");
  await expect.poll(() => holds(dataDir, ["e-linear1-relu"])).toBe(true);

  // A second tab, while the first is open: nothing is offered; its edits are autosaved apart.
  const b = await openEditor(context, served, errors);
  await expect(banner(b)).toHaveCount(0);
  await deleteEdge(b, "e-relu-linear2");
  await expect.poll(() => autosaves(dataDir).length).toBe(2);

  // The first tab's renderer crashes: its work is offered to the next tab, B's (open) is not.
  const crashed = a.page.waitForEvent("crash");
  await a.page.goto("chrome://crash").catch(() => {});
  await crashed;
  await a.page.close();
  const c = await openEditor(context, served, errors);
  await expect(banner(c)).toBeVisible();
  await expect(c.page.getByTestId("more-recovered")).toHaveCount(0);
  await c.page.getByTestId("restore").click();
  await expect(edge(c, "e-linear1-relu")).toHaveCount(0);
  await expect(edge(c, "e-relu-linear2")).toHaveCount(1);
  await expect(banner(c)).toHaveCount(0);
  await c.shot("1-crashed-tab-restored-elsewhere");
  // Restored, the work is C's: one file for B, one for C, none left of A's session.
  await expect.poll(() => autosaves(dataDir).length).toBe(2);

  // B reloads: it is offered its own work back, and only that.
  await b.page.reload();
  await expect(banner(b)).toBeVisible();
  await b.page.getByTestId("discard-recovered").click();
  await expect(banner(b)).toHaveCount(0);
  await expect.poll(() => holds(dataDir, ["e-relu-linear2"])).toBe(false);
  expect(holds(dataDir, ["e-linear1-relu"])).toBe(true);
  expect(errors, "the pages logged no errors").toEqual([]);
});

test("unsaved work of a NetLoom that crashed outlives edits, New and a second crash, offered one after another", async ({
  context,
  served,
}) => {
  const { dataDir } = served;
  const errors: string[] = [];
  const restarted: Served[] = [];
  const crash = async (editor: Editor, server: Served) => {
    await editor.page.close();
    await server.stop("SIGKILL");
  };
  try {
    // NetLoom 1: work A (one connection removed) is autosaved, then NetLoom dies.
    let editor = await openEditor(context, served, errors);
    await deleteEdge(editor, "e-linear1-relu");
    await expect.poll(() => holds(dataDir, ["e-linear1-relu"])).toBe(true);
    await crash(editor, served);

    // NetLoom 2: A is offered. Edits B made meanwhile are autosaved apart from it; New keeps the offer.
    restarted.push(await startServe(["--preset", "mnist"], dataDir));
    editor = await openEditor(context, restarted[0] as Served, errors);
    await expect(banner(editor)).toBeVisible();
    await deleteEdge(editor, "e-loss-optimizer");
    await expect.poll(() => holds(dataDir, ["e-loss-optimizer"])).toBe(true);
    expect(holds(dataDir, ["e-linear1-relu"])).toBe(true);
    await editor.command("file.new");
    await editor.page.getByRole("button", { name: "Start a new graph anyway" }).click();
    await expect(editor.nodes).toHaveCount(0);
    await expect(banner(editor)).toBeVisible();
    // New threw B away, as asked; work C on the new graph is autosaved.
    await editor.drop("Dropout", { x: 300, y: 200 });
    await expect.poll(() => autosaves(dataDir).some((edges) => edges.length === 0)).toBe(true);
    await editor.shot("2-offer-kept-after-new");
    await crash(editor, restarted[0] as Served);

    // NetLoom 3: A and C are offered, one after the other; Restore asks before replacing edits.
    restarted.push(await startServe(["--preset", "mnist"], dataDir));
    editor = await openEditor(context, restarted[1] as Served, errors);
    await expect(banner(editor)).toBeVisible();
    await expect(editor.page.getByTestId("more-recovered")).toContainText("1 more");
    await deleteEdge(editor, "e-relu-linear2");
    await editor.page.getByTestId("restore").click();
    const dialog = editor.page.getByRole("dialog");
    await expect(dialog).toContainText("has unsaved changes");
    await dialog.getByRole("button", { name: "Restore the recovered work anyway" }).click();
    // The newest first: C, the Dropout on a new graph; then A.
    await expect(editor.nodes).toHaveCount(1);
    await expect(editor.page.getByTestId("more-recovered")).toHaveCount(0);
    await expect(banner(editor)).toBeVisible();
    await editor.page.getByTestId("discard-recovered").click();
    await expect(banner(editor)).toHaveCount(0);
    await expect(editor.page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
    await editor.shot("3-offers-answered");
    // What is left: this tab's work, the one restored.
    await expect.poll(() => autosaves(dataDir).length).toBe(1);
  } finally {
    for (const server of restarted) await server.stop();
  }
  expect(errors, "the pages logged no errors").toEqual([]);
});
