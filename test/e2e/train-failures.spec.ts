import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runPython, torchMissing } from "../helpers/python";
import { unzipInto } from "../helpers/zip";
import { expect, test } from "./fixtures";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

/** The training engine process `netloom serve` forked, found among its children. */
function enginePid(servePid: number): number {
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(servePid)], { encoding: "utf8" });
  const line = lines.split("\n").find((l) => l.includes("worker.ts"));
  if (!line) throw new Error(`no engine process among:\n${lines}`);
  return Number(line.trim().split(/\s+/)[0]);
}

test("an engine crash mid-run is reported clearly, the graph stays, and training works again", async ({
  editor,
  page,
  served,
}) => {
  test.setTimeout(240_000);
  const status = page.getByTestId("train-status");
  await page.getByTestId("train-panel-toggle").click();
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("50000");
  await page.getByTestId("train").click();
  await expect(status).toContainText("Training epoch 1 of 1", { timeout: 60_000 });
  process.kill(enginePid(served.process.pid as number), "SIGKILL");

  await expect(status).toHaveAttribute("data-phase", "failed");
  await expect(page.getByTestId("train-error")).toContainText("the training engine stopped unexpectedly");
  await expect(page.getByTestId("train-error")).toContainText("Your graph is unchanged");
  await expect(editor.nodes).toHaveCount(11);
  await expect(editor.edges).toHaveCount(12);
  await expect(page.locator(".nl-node[data-run]")).toHaveCount(0);
  await editor.shot("1-engine-crashed");

  await page.getByTestId("train").click();
  await expect(status).toContainText("Training epoch 1 of 1", { timeout: 60_000 });
  await page.getByTestId("stop").click();
  await expect(status).toHaveAttribute("data-phase", "finished");
});

test("a CSV regression that diverges says where and why; fixed, it trains and predicts one typed row", async ({
  editor,
  page,
  work,
}) => {
  test.setTimeout(240_000);
  // y = 2x + 1 from a CSV file, with a learning rate far too high.
  const graph = JSON.parse(readFileSync(path.join(FIXTURES, "graphs/engine-regression.json"), "utf8"));
  for (const node of graph.nodes) {
    if (node.kind === "Optimizer") node.params.learningRate = 10;
    if (node.kind === "Dataset") node.params.path = path.join(FIXTURES, "data/linear.csv");
  }
  const file = path.join(work, "line.netloom.json");
  writeFileSync(file, JSON.stringify(graph));
  await editor.command("file.open");
  await editor.choosePath(file);
  await expect(editor.nodes).toHaveCount(5);
  await expect(editor.outputShape("data")).toHaveText("[1]");
  await expect(page.getByTestId("train")).toBeEnabled();

  const status = page.getByTestId("train-status");
  await page.getByTestId("train").click();
  await expect(status).toHaveAttribute("data-phase", "failed", { timeout: 60_000 });
  const failure = page.getByTestId("train-error");
  await expect(failure).toContainText(/the loss became (NaN|Infinity|-Infinity) at epoch \d+, batch \d+/);
  await expect(failure).toContainText("Lower the learning rate (now 10)");
  await failure.getByRole("button", { name: "Show the node" }).click();
  await expect(page.locator(".nl-inspector h2")).toHaveText("Optimizer");
  await expect(editor.nodes).toHaveCount(5);
  await editor.shot("1-diverged");

  await page.getByTestId("param-learningRate").fill("0.1");
  await page.getByTestId("param-learningRate").press("Enter");
  await page.getByTestId("train").click();
  await expect(status).toHaveText("Finished", { timeout: 120_000 });
  await expect(page.locator(".nl-chart")).toHaveCount(1);

  await page.getByTestId("tab-try").click();
  const features = page.getByTestId("row-feature");
  await expect(features).toHaveCount(1);
  await features.fill("0.5");
  await page.getByTestId("predict-row").click();
  const value = page.getByTestId("prediction-value");
  await expect(value).toContainText("Prediction:");
  const predicted = Number((await value.locator("strong").textContent()) ?? Number.NaN);
  expect(Math.abs(predicted - 2)).toBeLessThan(0.25);
  await editor.shot("2-row-prediction");

  // In the browser the trained model downloads: one JSON file as it is.
  await page.getByTestId("tab-results").click();
  const single = await editor.download("export-json", work);
  expect(path.basename(single)).toBe("line.model.json");
  await expect(page.locator(".nl-notice")).toContainText(
    "Downloaded run 2 as line.model.json into your browser's downloads folder",
  );
  const exported = JSON.parse(readFileSync(single, "utf8"));
  expect(exported).toMatchObject({ format: "netloom.model", training: { epochs: 40, testAccuracy: null } });
  expect(exported.weightSpecs.map((w: { shape: number[] }) => w.shape)).toEqual([[1, 1], [1]]);
  await editor.shot("3-downloaded");

  // A TF.js model folder comes as a zip of the folder: model.json (graph inside) and weights.bin.
  const tfjsZip = await editor.download("export-tfjs", work);
  expect(path.basename(tfjsZip)).toBe("line-tfjs.zip");
  const unpacked = path.join(work, "unpacked");
  expect(unzipInto(tfjsZip, unpacked)).toEqual(["line-tfjs/model.json", "line-tfjs/weights.bin"]);
  await expect(page.locator(".nl-notice")).toContainText(
    "line-tfjs.zip into your browser's downloads folder, which holds line-tfjs/model.json and line-tfjs/weights.bin",
  );
  const modelJson = JSON.parse(readFileSync(path.join(unpacked, "line-tfjs", "model.json"), "utf8"));
  expect(modelJson.format).toBe("layers-model");
  expect(modelJson.weightsManifest[0].paths).toEqual(["weights.bin"]);
  expect(modelJson.userDefinedMetadata.netloom.graph.nodes).toHaveLength(5);
  expect(readFileSync(path.join(unpacked, "line-tfjs", "weights.bin")).byteLength).toBe(2 * 4);

  // A PyTorch script comes with its trained weights beside it, one folder in one zip; it finds
  // them from wherever it is run.
  const scriptZip = await editor.download("export-pytorch", work);
  expect(unzipInto(scriptZip, unpacked)).toEqual([
    "line_train/line_train.py",
    "line_train/line_train.weights/model.json",
    "line_train/line_train.weights/weights.bin",
  ]);
  const scriptFile = path.join(unpacked, "line_train", "line_train.py");
  const script = readFileSync(scriptFile, "utf8");
  expect(script).toContain("nn.Linear(1, 1");
  expect(script).toContain("optimizer.step()");
  expect(script).toContain(path.join(FIXTURES, "data/linear.csv"));
  if (torchMissing) return;
  // Run from another folder: were its weights looked up there, it would stop with "no such file".
  const run = await runPython([scriptFile, "--predict", "2"], { cwd: work });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^predictions: -?\d[\d.e+-]* -?\d/m);
});
