import path from "node:path";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { type Served, startServe, tempDir } from "./serve";

/** Drives the editor the way a person does: palette drags, handle-to-handle wiring, keys. */
export class Editor {
  constructor(readonly page: Page) {}

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  /**
   * Selects node `id` as a click on it does, wherever the viewport has it: with the Train panel
   * open the canvas is short, and a node may lie below its edge or under the minimap.
   */
  async select(id: string): Promise<void> {
    await this.node(id).dispatchEvent("click");
    await expect(this.node(id)).toHaveClass(/\bselected\b/);
  }

  /** The node's card, which carries `data-status` (ok, warning, error). */
  card(id: string): Locator {
    return this.node(id).locator(".nl-node");
  }

  handle(nodeId: string, side: "in" | "out", port: string): Locator {
    return this.node(nodeId).locator(`.react-flow__handle[data-handleid="${side}:${port}"]`);
  }

  outputShape(nodeId: string, port = "x"): Locator {
    return this.node(nodeId).locator(`.nl-port-out[data-port="${port}"] .nl-shape`);
  }

  get nodes(): Locator {
    return this.page.locator(".react-flow__node");
  }

  get edges(): Locator {
    return this.page.locator(".react-flow__edge");
  }

  /**
   * Clicks a connection halfway along its path. A straight horizontal wire has a bounding box of
   * zero height, which Playwright's own click takes for invisible.
   */
  async clickEdge(id: string): Promise<void> {
    const path = this.page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-interaction`);
    const at = await path.evaluate((el) => {
      const p = el as SVGPathElement;
      const mid = p.getPointAtLength(p.getTotalLength() / 2);
      const screen = mid.matrixTransform(p.getScreenCTM() ?? undefined);
      return { x: screen.x, y: screen.y };
    });
    await this.page.mouse.click(at.x, at.y);
  }

  /** The canvas's zoom: 1 draws nodes at their CSS size. */
  async zoom(): Promise<number> {
    const transform = await this.page.locator(".react-flow__viewport").evaluate((el) => getComputedStyle(el).transform);
    return Number(/matrix\(([-\d.e]+)/.exec(transform)?.[1] ?? Number.NaN);
  }

  /** The canvas's zoom once it holds still: opening a graph or a layout may glide there first. */
  async settledZoom(): Promise<number> {
    let last = Number.NaN;
    await expect
      .poll(async () => {
        const [before, now] = [last, await this.zoom()];
        last = now;
        return now === before;
      })
      .toBe(true);
    return last;
  }

  /** Drags a palette item onto the canvas, `at` pixels from the canvas's top-left corner. */
  async drop(label: string, at: { x: number; y: number }): Promise<void> {
    const item = this.page.locator(".nl-palette-item", { hasText: new RegExp(`^${label}$`) });
    await item.dragTo(this.page.locator(".react-flow__pane"), { targetPosition: at });
  }

  /** Presses the mouse on an output handle and releases it on an input handle. */
  async connect(from: [string, string], to: [string, string]): Promise<void> {
    const a = await this.handle(from[0], "out", from[1]).boundingBox();
    const b = await this.handle(to[0], "in", to[1]).boundingBox();
    if (!a || !b) throw new Error(`handles ${from} -> ${to} are not on screen`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Draws with the mouse in Try it's pad: each stroke is a list of points in pad pixels (0-280). */
  async draw(strokes: Array<Array<[number, number]>>): Promise<void> {
    const box = await this.page.getByTestId("draw-pad").boundingBox();
    if (!box) throw new Error("the drawing pad is not on screen");
    const at = ([x, y]: [number, number]) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const;
    for (const [first, ...rest] of strokes) {
      if (!first) continue;
      await this.page.mouse.move(...at(first));
      await this.page.mouse.down();
      for (const point of rest) await this.page.mouse.move(...at(point), { steps: 8 });
      await this.page.mouse.up();
    }
  }

  /** The class probabilities Try it shows, read once all ten are there. */
  async probabilities(): Promise<number[]> {
    const items = this.page.getByTestId("probability");
    await expect(items).toHaveCount(10);
    return items.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute("data-p"))));
  }

  /** Types a path into the in-app file dialog (Open, Save As, Export) and submits it. */
  async choosePath(file: string): Promise<void> {
    await this.page.getByTestId("file-path").fill(file);
    await this.page.getByTestId("file-dialog-submit").click();
  }

  /** Clicks a button that makes the browser download a file; saves it into `dir` and returns its path. */
  async download(testId: string, dir: string): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId(testId).click()]);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    return file;
  }

  /** Runs a toolbar command (New, Open…, Save, Undo, ...). */
  async command(name: string): Promise<void> {
    await this.page.locator(`.nl-toolbar button[data-command="${name}"]`).click();
  }

  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  }
}

interface Fixtures {
  /** Extra `netloom serve` arguments for this test. */
  serveArgs: string[];
  /** A scratch folder for graph files, removed after the test. */
  work: string;
  served: Served;
  editor: Editor;
}

export const test = base.extend<Fixtures>({
  serveArgs: [["--preset", "mnist"], { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  work: async ({}, use) => {
    const tmp = tempDir("netloom-e2e-");
    await use(tmp.dir);
    tmp.remove();
  },
  served: async ({ serveArgs, work }, use) => {
    const served = await startServe(serveArgs, path.join(work, "data"));
    await use(served);
    await served.stop();
  },
  editor: async ({ page, served }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(served.url);
    await expect(page.locator(".react-flow__pane")).toBeVisible();
    await use(new Editor(page));
    expect(errors, "the page logged no errors").toEqual([]);
  },
});

export { expect };
