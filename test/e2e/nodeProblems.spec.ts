import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";

const PRESET = path.resolve(import.meta.dirname, "../../shared/presets/mnist.json");

test.use({ viewport: { width: 1440, height: 900 } });

test("a node's problems are a badge: the node keeps its size, the message shows on hover and selection", async ({
  editor,
  page,
}) => {
  const relu = editor.card("relu");
  const before = await relu.boundingBox();
  await editor.clickEdge("e-linear1-relu");
  await page.keyboard.press("Delete");
  await expect(relu).toHaveAttribute("data-status", "error");

  const after = await relu.boundingBox();
  expect(after?.height).toBe(before?.height);
  expect(after?.width).toBe(before?.width);
  const badge = editor.node("relu").getByTestId("node-badge");
  await expect(badge).toHaveAttribute("title", /^input "x" is not connected/);
  const message = editor.node("relu").getByTestId("node-problems");
  await expect(message).toBeHidden();

  await badge.hover();
  await expect(message).toBeVisible();
  await expect(message).toContainText('input "x" is not connected');
  await page.mouse.move(5, 450);
  await expect(message).toBeHidden();

  await editor.node("relu").click();
  await expect(message).toBeVisible();
  await editor.shot("node-error-badge-selected");
});

test("the Problems list names nodes by label and id, scrolls past a few lines and collapses", async ({
  editor,
  page,
  work,
}) => {
  // The preset without its wires: every node but the Dataset has a problem, the two Linears the same one.
  const doc = JSON.parse(readFileSync(PRESET, "utf8"));
  doc.edges = [];
  doc.nodes = doc.nodes.map((n: { id: string }) => (n.id === "linear2" ? { ...n, label: "Classifier" } : n));
  const file = path.join(work, "unwired.netloom.json");
  writeFileSync(file, JSON.stringify(doc));
  await editor.command("file.open");
  await editor.choosePath(file);

  const first = page.locator('.nl-problem[data-node="linear1"]').first();
  await expect(first).toContainText("Linear linear1");
  await expect(page.locator('.nl-problem[data-node="linear2"]').first()).toContainText("Classifier linear2");

  const list = page.locator(".nl-problems ul");
  const items = await list.locator("li").count();
  expect(items).toBeGreaterThan(8);
  const box = await list.boundingBox();
  expect(box?.height ?? 0).toBeLessThan(130);
  expect(await list.evaluate((ul) => ul.scrollHeight > ul.clientHeight)).toBe(true);
  await editor.shot("problems-list-capped");

  const head = page.locator(".nl-problems-head");
  await head.click();
  await expect(head).toHaveAttribute("aria-expanded", "false");
  await expect(list).toHaveCount(0);
  await expect(page.getByTestId("problems-summary")).toContainText("errors");
  await head.click();
  await expect(list.locator("li")).toHaveCount(items);
});
