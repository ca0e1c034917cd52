/**
 * The editor with a 300-node graph in Chromium at 1440x900, against a real `netloom serve`: time
 * to first render (navigation until the graph is fitted and every node drawn is measured and
 * painted; the editor draws only the nodes in view) and frame times while dragging a node, both
 * as the graph opens (a readable zoom, part of the graph in view) and zoomed out until all nodes
 * are drawn. The MNIST preset's first render in the same run is the baseline: what the page itself
 * costs. Prints one JSON line per figure on stdout; nothing asserts. Run: `node bench/editor.mjs`.
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

/**
 * Milliseconds from navigation start until the editor has fitted the view to the graph and every
 * node it draws is measured (visible), plus two painted frames; and how many nodes it drew.
 */
async function firstRender(page: Page, url: string): Promise<{ ms: number; drawn: number }> {
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const fitted = document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform;
      const nodes = document.querySelectorAll<HTMLElement>(".react-flow__node");
      return (
        fitted !== undefined &&
        fitted !== "translate(0px, 0px) scale(1)" &&
        nodes.length > 0 &&
        [...nodes].every((el) => el.style.visibility !== "hidden")
      );
    },
    null,
    { polling: "raf", timeout: 120_000 },
  );
  return page.evaluate(
    () =>
      new Promise<{ ms: number; drawn: number }>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve({ ms: performance.now(), drawn: document.querySelectorAll(".react-flow__node").length }),
          ),
        ),
      ),
  );
}

/** Zooms out with the mouse wheel until all `count` nodes are drawn. */
async function zoomOutToAll(page: Page, count: number): Promise<void> {
  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("the canvas is not on screen");
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 40; i++) {
    if ((await page.locator(".react-flow__node").count()) >= count) return;
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(100);
  }
  throw new Error("zooming out did not draw every node");
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

/** Drags node `id` in `steps` moves; returns frame intervals and move-to-next-frame latencies. */
async function drag(page: Page, id: string, steps: number) {
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
  const node = page.locator(`.react-flow__node[data-id="${id}"]`);
  const box = await node.boundingBox();
  if (!box) throw new Error(`node ${id} is not on screen`);
  const before = await node.evaluate((el) => el.style.transform);
  await page.evaluate(FRAME_PROBE);
  const x0 = box.x + box.width / 2;
  const y0 = box.y + 6;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  // One move per frame, as a mouse delivers them.
  // Small moves, so the node stays in view at any zoom.
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + Math.sin(i / 10) * 60 + i / 2, y0 + Math.cos(i / 10) * 40);
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
const COLUMNS = 20;
const doc = benchGraph(NODES, [["Linear", { units: 32 }], ["ReLU"]], COLUMNS);
if (!compileGraph(doc).ok) throw new Error("the bench graph must compile");
const file = path.join(work.dir, "bench.netloom.json");
writeFileSync(file, serializeGraph(doc));
const served = await startServe([file], path.join(work.dir, "data"));
// The baseline in the same run: the 11-node preset, what the page costs before graph size counts.
const preset = await startServe(["--preset", "mnist"], path.join(work.dir, "data-preset"));
const browser = await chromium.launch({
  headless: !values.headed,
  ...(systemChromium ? { executablePath: systemChromium } : {}),
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
try {
  const renders: number[] = [];
  const presetRenders: number[] = [];
  const drawn: number[] = [];
  const opened = { intervals: [] as number[], latencies: [] as number[] };
  const zoomedOut = { intervals: [] as number[], latencies: [] as number[] };
  // A node the opened view shows (third row, third column) and one further in, drawn once zoomed out.
  const near = doc.nodes[2 * COLUMNS + 2]?.id ?? "n0";
  for (let run = 1; run <= Number(values.runs); run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const small = await context.newPage();
    presetRenders.push((await firstRender(small, preset.url)).ms);
    await small.close();
    const page = await context.newPage();
    const first = await firstRender(page, served.url);
    renders.push(first.ms);
    drawn.push(first.drawn);
    const inView = await drag(page, near, Number(values.steps));
    opened.intervals.push(...inView.intervals);
    opened.latencies.push(...inView.latencies);
    await zoomOutToAll(page, NODES);
    const all = await drag(page, "n100", Number(values.steps));
    zoomedOut.intervals.push(...all.intervals);
    zoomedOut.latencies.push(...all.latencies);
    log(
      `run ${run}: first render ${first.ms.toFixed(0)} ms, ${first.drawn} of ${NODES} nodes drawn; ` +
        `the preset ${presetRenders.at(-1)?.toFixed(0)} ms`,
    );
    await context.close();
  }
  const env = {
    nodes: NODES,
    edges: doc.edges.length,
    chromium: browser.version(),
    headless: !values.headed,
    viewport: "1440x900",
    cpus: os.cpus().length,
    load1: Number(os.loadavg()[0]?.toFixed(1)),
  };
  const baseline = stats(presetRenders);
  print({ bench: "editor-first-render", graph: "MNIST preset (11 nodes), baseline", unit: "ms", ...baseline, ...env });
  print({
    bench: "editor-first-render",
    unit: "ms",
    ...stats(renders),
    nodesDrawn: stats(drawn).median,
    ratioToPreset: Number((stats(renders).median / baseline.median).toFixed(2)),
    ...env,
  });
  print({
    bench: "editor-drag-frame-interval",
    view: "as opened",
    unit: "ms",
    ...stats(opened.intervals),
    budget60fps: 16.7,
    ...env,
  });
  print({ bench: "editor-drag-move-to-frame", view: "as opened", unit: "ms", ...stats(opened.latencies), ...env });
  print({
    bench: "editor-drag-frame-interval",
    view: "zoomed out, every node drawn",
    unit: "ms",
    ...stats(zoomedOut.intervals),
    budget60fps: 16.7,
    ...env,
  });
  print({
    bench: "editor-drag-move-to-frame",
    view: "zoomed out, every node drawn",
    unit: "ms",
    ...stats(zoomedOut.latencies),
    ...env,
  });
} finally {
  await browser.close();
  await served.stop();
  await preset.stop();
  work.remove();
}
