import { readFileSync } from "node:fs";
import path from "node:path";
import { torchMissing } from "../helpers/python";
import { unzipInto } from "../helpers/zip";
import { expect, test } from "./fixtures";

test("trains the MNIST preset on PyTorch in two processes, then tries a drawn digit and exports the model", async ({
  editor,
  page,
  work,
}) => {
  if (torchMissing) console.warn(`SKIPPED the PyTorch end-to-end test: ${torchMissing}`);
  test.skip(torchMissing !== null, `${torchMissing}; install python3-torch (apt) to run it`);
  test.setTimeout(300_000);
  await expect(editor.nodes).toHaveCount(11);
  await page.getByTestId("train-panel-toggle").click();
  // Processes are asked for only where they mean something: with PyTorch.
  await expect(page.getByTestId("run-processes")).toHaveCount(0);
  await page.getByTestId("run-backend").selectOption("pytorch");
  await page.getByTestId("run-processes").fill("2");
  await page.getByTestId("run-epochs").fill("1");
  await page.getByTestId("run-limit").fill("20000");
  await editor.shot("pytorch-1-settings");
  await page.getByTestId("train").click();

  const status = page.getByTestId("train-status");
  const backend = page.getByTestId("backend");
  await expect(backend).toHaveAttribute("data-backend", "pytorch", { timeout: 120_000 });
  await expect(backend).toContainText(/PyTorch \S+ on (the CPU|CUDA).*2 processes/);
  await expect(page.getByTestId("backend-hint")).toHaveCount(0);
  await expect(status).toHaveText("Finished", { timeout: 240_000 });
  await editor.shot("pytorch-2-finished");

  await page.getByTestId("tab-results").click();
  const accuracy = Number((await page.getByTestId("test-accuracy").textContent())?.replace("%", ""));
  expect(accuracy).toBeGreaterThan(90);
  await expect(page.getByTestId("confusion-matrix")).toHaveAttribute("data-total", "10000");
  await expect(page.getByTestId("example")).toHaveCount(48);

  await page.getByTestId("tab-try").click();
  // A one: a single stroke down the middle.
  await editor.draw([
    [
      [140, 40],
      [140, 240],
    ],
  ]);
  const values = await editor.probabilities();
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
  expect(values.indexOf(Math.max(...values))).toBe(1);
  await editor.shot("pytorch-3-drawn-one");

  // The model PyTorch trained exports as any other: a TF.js folder, downloaded as a zip.
  await page.getByTestId("tab-results").click();
  const zip = await editor.download("export-tfjs", work);
  const unpacked = path.join(work, "unpacked");
  const [modelFile, weightsFile] = unzipInto(zip, unpacked);
  expect(weightsFile).toMatch(/weights\.bin$/);
  const modelJson = JSON.parse(readFileSync(path.join(unpacked, modelFile as string), "utf8"));
  expect(modelJson.userDefinedMetadata.netloom.training).toMatchObject({ backend: "pytorch", epochs: 1 });
  expect(readFileSync(path.join(unpacked, weightsFile as string)).byteLength).toBe(238_510 * 4);
  await editor.shot("pytorch-4-exported");
});
