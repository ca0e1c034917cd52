import path from "node:path";
import { GRAPH_FIXTURES } from "../helpers/fixtures";
import { expect, test } from "./fixtures";

test.use({ serveArgs: [path.join(GRAPH_FIXTURES, "e2e-xor.json")] });

test("a fast run's smoothed loss line ends where the epoch table does, and the status line's speed is the table's", async ({
  editor,
  page,
}) => {
  // 300 one-batch epochs of XOR take a second or two: far fewer batch events than batches.
  await page.getByTestId("train").click();
  const status = page.getByTestId("train-status");
  await expect(status).toHaveAttribute("data-phase", "finished", { timeout: 60_000 });
  const rows = page.getByTestId("epoch-row");
  await expect(rows).toHaveCount(300);
  const last = rows.last();
  const tableLoss = Number(await last.getAttribute("data-loss"));
  const lineLoss = Number(await page.locator(".nl-chart").first().getAttribute("data-last"));
  // XOR learned: the loss is small but not 0, so a missing attribute (Number(null) is 0) fails.
  expect(tableLoss).toBeGreaterThan(0);
  expect(tableLoss).toBeLessThan(0.1);
  expect(lineLoss).toBeCloseTo(tableLoss, 6);
  await expect(page.getByTestId("samples-per-sec")).toHaveText((await last.locator("td").last().textContent()) ?? "");
  await editor.shot("xor-curves");
});
