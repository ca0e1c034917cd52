import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

test("a CSV file is chosen with Browse…, its columns picked from its header, and saved relative to the graph beside it", async ({
  editor,
  page,
  work,
}) => {
  // XOR with a name column (not a number) and the label in "y".
  writeFileSync(path.join(work, "xor.csv"), "name,x1,x2,y\na,0,0,0\nb,0,1,1\nc,1,0,1\nd,1,1,0\n");
  const graph = path.join(work, "xor.netloom.json");

  await editor.node("dataset").click();
  await page.getByTestId("param-source").selectOption("csv");
  await page.getByTestId("browse-path").click();
  const dialog = page.locator(".nl-modal");
  await expect(dialog).toContainText("Choose a data file");
  await expect(dialog.getByTestId("file-dialog-submit")).toHaveText("Choose");
  await editor.shot("csv-browse");
  await editor.choosePath(path.join(work, "xor.csv"));
  // The graph has no file yet: the whole path.
  await expect(page.getByTestId("param-path")).toHaveValue(path.join(work, "xor.csv"));

  // The default label column is not in the file: the error lists the columns there are.
  const dataset = editor.card("dataset");
  await expect(dataset).toHaveAttribute("data-status", "error");
  await expect(editor.node("dataset").getByTestId("node-problems")).toContainText(
    'choose the label column among its 4 columns: "name", "x1", "x2", "y"',
  );
  const label = page.getByTestId("param-labelColumn");
  await expect(label.locator("option")).toHaveText(["label (not in the file)", "name", "x1", "x2", "y"]);
  await label.selectOption("y");

  // Every other column is a feature at first: "name" is not a number, and the error says where.
  await expect(editor.node("dataset").getByTestId("node-problems")).toContainText("line 2, column 1");
  const features = page.getByTestId("feature-columns");
  await expect(features).toContainText("all 3 but the label");
  await features.locator('input[data-column="name"]').uncheck();
  await expect(features).toContainText("2 of 3");
  await expect(dataset).toHaveAttribute("data-status", /ok|warning/);
  await expect(editor.outputShape("dataset")).toHaveText("[2]");
  await editor.shot("csv-columns");

  // Saved beside it, the graph names its data file relative to itself.
  await editor.command("file.saveAs");
  await editor.choosePath(graph);
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
  await expect(page.getByTestId("param-path")).toHaveValue("xor.csv");
  await expect(editor.outputShape("dataset")).toHaveText("[2]");
  const saved = JSON.parse(readFileSync(graph, "utf8"));
  const params = saved.nodes.find((n: { id: string }) => n.id === "dataset").params;
  expect(params).toMatchObject({ source: "csv", path: "xor.csv", labelColumn: "y", featureColumns: ["x1", "x2"] });
});
