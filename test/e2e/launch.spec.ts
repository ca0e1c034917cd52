import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { type Served, startServe } from "./serve";

test("serve --open hands the browser a one-time launch code, never the token, and the page trades it", async ({
  page,
  work,
}) => {
  // A stand-in for the user's browser: $BROWSER gets the URL on its command line, which any process can read.
  const argv = path.join(work, "browser-argv.txt");
  const browser = path.join(work, "browser.sh");
  writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > "${argv}"\n`);
  chmodSync(browser, 0o755);
  let served: Served | null = null;
  try {
    served = await startServe(["--open", "--preset", "mnist"], path.join(work, "data"), { BROWSER: browser });
    const lines = () => (existsSync(argv) ? readFileSync(argv, "utf8").trim().split("\n") : []);
    await expect.poll(() => lines().length, { timeout: 30_000 }).toBe(2);
    const opened = lines()[1] ?? "";
    expect(opened).toMatch(new RegExp(`^${served.origin}/\\?launch=[\\w-]{32}$`));
    expect(opened).not.toContain(served.token);

    await page.goto(opened);
    await expect(page.locator(".react-flow__node")).toHaveCount(11);
    await expect(page).toHaveURL(`${served.origin}/`);
    await page.reload();
    await expect(page.locator(".react-flow__node")).toHaveCount(11);

    const other = await page.context().newPage();
    await other.goto(opened);
    await expect(other.locator("body")).toContainText("used already or has expired");
    await other.screenshot({ path: test.info().outputPath("launch-used.png") });
    await other.close();
  } finally {
    await served?.stop();
  }
});
