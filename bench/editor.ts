/**
 * The editor with a 300-node graph in Chromium, against a real `netloom serve`: time to first
 * render (navigation to all nodes measured and painted) and frame times while dragging a node.
 * Prints one JSON line per figure on stdout; nothing asserts. Run: `node bench/editor.mjs`.
 * Options: --nodes N (300), --runs N (5), --steps N (drag moves, 120), --headed (uses xvfb's DISPLAY).
 */
/// <reference lib="dom" />
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { compileGraph } from "../shared/compile";
import { serializeGraph } from "../shared/graph";
import { startServe, systemChromium, tempDir } from "../test/e2e/serve";
import { benchGraph } from "./graphs";

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "300" },
    runs: { type: "string", default: "5" },
    steps: { type: "string", default: "120" },
    headed: { type: "boolean", default: false },
  },
});
const NODES = Number(values.nodes);
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const log = (text: string) => process.stderr.write(`bench editor: ${text}\n`);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => Number((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN).toFixed(1));
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { median: q(0.5), mean: Number(mean.toFixed(1)), p95: q(0.95), max: q(1), n: s.length };
};

/** Milliseconds from navigation start until every node is measured (visible) and two frames painted. */
async function firstRender(page: Page, url: string, count: number): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const nodes = document.querySelectorAll<HTMLElement>(".react-flow__node");
      return nodes.length === n && [...nodes].every((el) => el.style.visibility !== "hidden");
    },
    count,
    { polling: "raf", timeout: 120_000 },
  );
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
      ),
  );
}

/**
 * Records every frame's time and, for each frame that follows pointer moves, how long after the
 * first of them it came. A string, because tsx's helpers do not exist inside the page.
 */
const FRAME_PROBE = `(() => {
  const probe = (window.netloomBench = { frames: [], latencies: [], running: true });
  let pending = null;
  window.addEventListener("pointermove", () => { if (pending === null) pending = performance.now(); }, { capture: true });
  function tick(t) {
    if (!probe.running) return;
    probe.frames.push(t);
    if (pending !== null) { probe.latencies.push(performance.now() - pending); pending = null; }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})()`;

/** Drags one node in `steps` moves; returns frame intervals and move-to-next-frame latencies. */
async function drag(page: Page, steps: number) {
  // The editor fits the view to the graph a frame or two after loading it; wait for that to settle.
  await page.waitForFunction(
    () => {
      const vp = document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
      const w = window as unknown as { netloomBenchViewport?: string; netloomBenchSame?: number };
      w.netloomBenchSame = vp === w.netloomBenchViewport ? (w.netloomBenchSame ?? 0) + 1 : 0;
      w.netloomBenchViewport = vp;
      return w.netloomBenchSame >= 10;
    },
    null,
    { polling: "raf" },
  );
  const node = page.locator('.react-flow__node[data-id="n100"]');
  const box = await node.boundingBox();
  if (!box) throw new Error("node n100 is not on screen");
  const before = await node.evaluate((el) => el.style.transform);
  await page.evaluate(FRAME_PROBE);
  const x0 = box.x + box.width / 2;
  const y0 = box.y + 8;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  // One move per frame, as a mouse delivers them.
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + Math.sin(i / 10) * 150 + i, y0 + Math.cos(i / 10) * 80);
    await page.evaluate("new Promise((resolve) => requestAnimationFrame(resolve))");
  }
  await page.mouse.up();
  const after = await node.evaluate((el) => el.style.transform);
  if (after === before) throw new Error("the drag did not move the node");
  const { frames, latencies } = (await page.evaluate(
    "(() => { window.netloomBench.running = false; return window.netloomBench; })()",
  )) as { frames: number[]; latencies: number[] };
  return { intervals: frames.slice(1).map((t, i) => t - (frames[i] as number)), latencies };
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
if (!existsSync(path.join(root, "out/renderer/index.html"))) {
  log("building the renderer (vite build)");
  spawnSync("npx", ["vite", "build"], { cwd: root, stdio: "inherit" });
}
const work = tempDir("netloom-bench-");
const doc = benchGraph(NODES, [["Linear", { units: 32 }], ["ReLU"]], 20);
if (!compileGraph(doc).ok) throw new Error("the bench graph must compile");
const file = path.join(work.dir, "bench.netloom.json");
writeFileSync(file, serializeGraph(doc));
const served = await startServe([file], path.join(work.dir, "data"));
const browser = await chromium.launch({
  headless: !values.headed,
  ...(systemChromium ? { executablePath: systemChromium } : {}),
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
try {
  const renders: number[] = [];
  const intervals: number[] = [];
  const latencies: number[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    renders.push(await firstRender(page, served.url, NODES));
    const d = await drag(page, Number(values.steps));
    intervals.push(...d.intervals);
    latencies.push(...d.latencies);
    log(`run ${run}: first render ${renders.at(-1)?.toFixed(0)} ms`);
    await context.close();
  }
  const env = {
    nodes: NODES,
    edges: doc.edges.length,
    chromium: browser.version(),
    headless: !values.headed,
    cpus: os.cpus().length,
  };
  print({ bench: "editor-first-render", unit: "ms", ...stats(renders), ...env });
  print({ bench: "editor-drag-frame-interval", unit: "ms", ...stats(intervals), budget60fps: 16.7, ...env });
  print({ bench: "editor-drag-move-to-frame", unit: "ms", ...stats(latencies), ...env });
} finally {
  await browser.close();
  await served.stop();
  work.remove();
}
