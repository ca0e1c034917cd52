import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseGraphText } from "../../shared/graph";
import { expect, test } from "./fixtures";
import { startServe } from "./serve";

test("save, reopen and compare: the reopened graph is the saved one, byte for byte", async ({ editor, page, work }) => {
  await editor.node("linear1").click();
  await page.getByTestId("param-units").fill("128");
  await page.getByTestId("param-units").press("Enter");
  await expect(editor.outputShape("linear1")).toHaveText("[128]");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");

  const first = path.join(work, "mnist");
  await editor.command("file.saveAs");
  await editor.choosePath(first);
  await expect(page.getByTestId("file-name")).toHaveText("mnist.netloom.json");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
  await expect(page).toHaveTitle("mnist.netloom.json — NetLoom");
  const saved = readFileSync(`${first}.netloom.json`, "utf8");
  const parsed = parseGraphText(saved);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  expect(parsed.doc.nodes.find((n) => n.id === "linear1")?.params.units).toBe(128);
  await editor.shot("1-saved");

  await editor.command("file.new");
  await expect(editor.nodes).toHaveCount(0);
  await editor.command("file.open");
  await expect(page.getByRole("dialog").locator(".nl-file-list").first()).toContainText("mnist.netloom.json");
  await editor.choosePath(`${first}.netloom.json`);
  await expect(editor.nodes).toHaveCount(11);
  await expect(editor.outputShape("linear1")).toHaveText("[128]");
  await expect(page.getByTestId("file-name")).toHaveText("mnist.netloom.json");
  await editor.shot("2-reopened");

  const second = path.join(work, "again.netloom.json");
  await editor.command("file.saveAs");
  await editor.choosePath(second);
  await expect(page.getByTestId("file-name")).toHaveText("again.netloom.json");
  expect(readFileSync(second, "utf8")).toBe(saved);
});

test("opening a malformed or foreign file shows what is wrong and leaves the graph intact", async ({
  editor,
  page,
  work,
}) => {
  const broken = path.join(work, "broken.netloom.json");
  writeFileSync(
    broken,
    JSON.stringify({
      format: "netloom.graph",
      version: 1,
      nodes: [{ id: "a", kind: "Linear", params: {} }],
      edges: [],
    }),
  );
  const foreign = path.join(work, "package.json");
  writeFileSync(foreign, JSON.stringify({ name: "something-else", version: "1.0.0" }));
  const truncated = path.join(work, "truncated.json");
  writeFileSync(truncated, '{ "format": "netloom.graph", "version": 1, "nodes": [');

  const cases: Array<[string, RegExp]> = [
    [broken, /nodes\[0\]\.position/],
    [foreign, /not a NetLoom graph: expected format "netloom.graph"/],
    [truncated, /not valid JSON/],
    [path.join(work, "missing.netloom.json"), /no such file/],
  ];
  for (const [file, message] of cases) {
    await editor.command("file.open");
    await editor.choosePath(file);
    await expect(page.getByRole("dialog")).toContainText(`${path.basename(file)} could not be opened`);
    await expect(page.getByTestId("problem-lines")).toContainText(message);
    await editor.shot(`error-${path.basename(file)}`);
    await page.getByRole("dialog").getByRole("button", { name: "OK" }).click();
    await expect(editor.nodes).toHaveCount(11);
    await expect(editor.edges).toHaveCount(12);
    await expect(page).toHaveTitle("MNIST MLP — NetLoom");
  }
});

test("unsaved work is kept through a crash and offered back on the next start", async ({ editor, page, served }) => {
  await editor.drop("Dropout", { x: 400, y: 500 });
  await expect(editor.nodes).toHaveCount(12);
  // Each tab autosaves into a file of its own session.
  const autosaved = () => {
    try {
      const files = readdirSync(served.dataDir).filter((n) => n.startsWith("autosave-"));
      return files.some((n) => readFileSync(path.join(served.dataDir, n), "utf8").includes('"Dropout"'));
    } catch {
      return false;
    }
  };
  await expect.poll(autosaved, { timeout: 15_000 }).toBe(true);

  await served.stop("SIGKILL");
  await page.close();
  const again = await startServe(["--preset", "mnist"], served.dataDir);
  try {
    const next = await page.context().newPage();
    await next.goto(again.url);
    await expect(next.getByTestId("restore-banner")).toContainText("MNIST MLP");
    await expect(next.locator(".react-flow__node")).toHaveCount(11);
    await next.getByRole("button", { name: "Restore" }).click();
    await expect(next.locator(".react-flow__node")).toHaveCount(12);
    await expect(next.locator('.react-flow__node[data-id="dropout-1"]')).toBeVisible();
    await expect(next.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
    await next.screenshot({ path: test.info().outputPath("restored.png") });
  } finally {
    await again.stop();
  }
});
