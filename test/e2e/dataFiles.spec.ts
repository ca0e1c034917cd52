import { writeFileSync } from "node:fs";
import path from "node:path";
import { Editor, expect, test } from "./fixtures";

test("a data file is read again once created or changed, and a typed path is read once typing pauses", async ({
  page,
  served,
  work,
}) => {
  let inspections = 0;
  page.on("websocket", (ws) =>
    ws.on("framesent", (frame) => {
      if (String(frame.payload).includes('"dataset.inspect"')) inspections++;
    }),
  );
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.url);
  const editor = new Editor(page);
  const dataset = editor.card("dataset");
  await editor.node("dataset").click();
  await page.getByTestId("param-source").selectOption("csv");

  // Typed a key at a time, the path is read when typing pauses, not once per key.
  const file = path.join(work, "later.csv");
  const field = page.getByTestId("param-path");
  await field.click();
  await field.pressSequentially(file);
  await expect(dataset).toContainText("later.csv");
  await expect(dataset).toHaveAttribute("data-status", "error");
  expect(inspections).toBeLessThanOrEqual(2);
  await editor.shot("1-missing-file");

  // Created afterwards, the file is read when the user asks: the error is not kept.
  writeFileSync(file, "x,label\n0.5,0\n0.25,1\n0.75,0\n1,1\n");
  await page.getByTestId("reread-data").click();
  await expect(editor.outputShape("dataset")).toHaveText("[1]");
  await expect(dataset).not.toContainText("later.csv");

  // Changed afterwards, it is read again when its node is edited.
  writeFileSync(file, "a,b,label\n0.5,1,0\n0.25,2,1\n0.75,3,0\n1,4,1\n");
  await page.getByTestId("param-validationSplit").fill("0.25");
  await expect(editor.outputShape("dataset")).toHaveText("[2]");
  await editor.shot("2-file-read-again");
  expect(errors).toEqual([]);
});
