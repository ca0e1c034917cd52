import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseGraphText } from "../../shared/graph";
import { expect, test } from "./fixtures";

test("Save As asks before replacing a file the folder listing does not show, and Save then writes silently", async ({
  editor,
  page,
  work,
}) => {
  // In another folder than the one the dialog lists, so only the back end can tell it exists.
  const elsewhere = path.join(work, "elsewhere");
  mkdirSync(elsewhere);
  const target = path.join(elsewhere, "keep.netloom.json");
  writeFileSync(target, "precious notes\n");

  await editor.command("file.saveAs");
  await editor.choosePath(target);
  await expect(page.getByTestId("confirm-replace")).toHaveText(`${target} already exists. Replace it?`);
  await expect(page.getByTestId("file-dialog-submit")).toHaveText("Replace");
  await editor.shot("1-asks-to-replace");
  expect(readFileSync(target, "utf8")).toBe("precious notes\n");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(readFileSync(target, "utf8")).toBe("precious notes\n");

  await editor.command("file.saveAs");
  await editor.choosePath(target);
  await expect(page.getByTestId("confirm-replace")).toBeVisible();
  await page.getByTestId("file-dialog-submit").click();
  await expect(page.getByTestId("file-name")).toHaveText("keep.netloom.json");
  const replaced = parseGraphText(readFileSync(target, "utf8"));
  expect(replaced.ok && replaced.doc.nodes).toHaveLength(11);

  // Save writes the window's own file again without a question.
  await editor.node("linear1").click();
  await page.getByTestId("param-units").fill("64");
  await page.getByTestId("param-units").press("Enter");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "true");
  await editor.command("file.save");
  await expect(page.getByTestId("file-name")).toHaveAttribute("data-dirty", "false");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const saved = parseGraphText(readFileSync(target, "utf8"));
  expect(saved.ok && saved.doc.nodes.find((n) => n.id === "linear1")?.params.units).toBe(64);
  await editor.shot("2-saved-again");
});
