import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const STATIC = path.join(import.meta.dirname, "../fixtures/hostile");

/** One hostile input: a file NetLoom is handed, and what kind of file it pretends to be. */
export interface HostileInput {
  kind: "graph" | "model";
  /** Absolute path, inside the corpus root. */
  path: string;
  /** Its path relative to the corpus root, to name it in a failing test. */
  name: string;
}

/** A named pipe nobody writes to: reading it would wait for a writer forever. */
function fifo(dir: string, name: string): void {
  const made = spawnSync("mkfifo", [path.join(dir, name)]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

/** A graph file with a deep params value or a large meta, written as text. */
function graphText(params: string, meta = '{"name":"x"}'): string {
  return `{"format":"netloom.graph","version":1,"meta":${meta},"nodes":[{"id":"n","kind":"Linear","position":{"x":0,"y":0},"params":${params}}],"edges":[]}`;
}

/**
 * The hostile corpus in a fresh folder (removed by `remove`): the committed files of
 * test/fixtures/hostile (see its generate.mjs), plus what cannot live in git: FIFOs nobody writes
 * to, links to /dev/zero and out of the folder (a graph, a model's weights), sparse files larger than any limit, params nested
 * 20,000 deep, a 50 MB meta and 10,001 nodes.
 */
export function hostileCorpus(): { root: string; inputs: HostileInput[]; remove(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "netloom-hostile-"));
  cpSync(STATIC, root, { recursive: true });
  rmSync(path.join(root, "generate.mjs"));
  const graphs = path.join(root, "graphs");
  const data = path.join(root, "data");
  const models = path.join(root, "models");
  fifo(graphs, "fifo.json");
  symlinkSync("/dev/zero", path.join(graphs, "dev-zero.json"));
  symlinkSync("/etc/passwd", path.join(graphs, "link-out-of-root.json"));
  writeFileSync(path.join(graphs, "sparse-65mb.json"), "");
  truncateSync(path.join(graphs, "sparse-65mb.json"), 65 * 2 ** 20);
  writeFileSync(
    path.join(graphs, "params-20000-deep.json"),
    graphText(`${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`),
  );
  writeFileSync(
    path.join(graphs, "meta-50mb.json"),
    graphText("{}", `{"name":"x","notes":"${"x".repeat(50 * 2 ** 20)}"}`),
  );
  const nodes = Array.from({ length: 10_001 }, (_, i) => `{"id":"n${i}","kind":"ReLU","position":{"x":0,"y":0}}`);
  writeFileSync(
    path.join(graphs, "nodes-10001.json"),
    `{"format":"netloom.graph","version":1,"nodes":[${nodes.join(",")}],"edges":[]}`,
  );
  // Data a graph reads: a FIFO, an endless device, and a sparse file larger than any reader takes.
  fifo(data, "fifo.csv");
  symlinkSync("/dev/zero", path.join(data, "dev-zero.csv"));
  writeFileSync(path.join(data, "sparse-3gb.csv"), "");
  truncateSync(path.join(data, "sparse-3gb.csv"), 3 * 2 ** 30);
  for (const name of ["fifo.csv", "dev-zero.csv", "sparse-3gb.csv"]) {
    const reader = JSON.parse(
      graphText("{}").replace(
        '"nodes":[',
        `"nodes":[{"id":"data","kind":"Dataset","position":{"x":0,"y":0},"params":{"source":"csv","path":"../data/${name}","labelColumn":"y"}},`,
      ),
    );
    writeFileSync(path.join(graphs, `data-${name.replace(/\W/g, "_")}.json`), JSON.stringify(reader));
  }
  // Models whose files are a FIFO, or larger than any model.
  mkdirSync(path.join(models, "weights-fifo"));
  writeFileSync(
    path.join(models, "weights-fifo", "model.json"),
    JSON.stringify({
      modelTopology: { class_name: "Sequential", config: { layers: [] } },
      weightsManifest: [{ paths: ["weights.bin"], weights: [{ name: "d/kernel", shape: [1], dtype: "float32" }] }],
    }),
  );
  fifo(path.join(models, "weights-fifo"), "weights.bin");
  // A weights file that is a link to a file outside: reading it would carry that file's bytes in.
  mkdirSync(path.join(models, "weights-link-out"));
  writeFileSync(
    path.join(models, "weights-link-out", "model.json"),
    JSON.stringify({
      modelTopology: { class_name: "Sequential", config: { layers: [] } },
      weightsManifest: [{ paths: ["weights.bin"], weights: [{ name: "d/kernel", shape: [1], dtype: "float32" }] }],
    }),
  );
  symlinkSync("/etc/passwd", path.join(models, "weights-link-out", "weights.bin"));
  mkdirSync(path.join(models, "sparse-300mb"));
  writeFileSync(path.join(models, "sparse-300mb", "model.json"), "");
  truncateSync(path.join(models, "sparse-300mb", "model.json"), 300 * 2 ** 20);
  fifo(models, "fifo-model.json");

  const list = (dir: string, kind: HostileInput["kind"]) =>
    readdirSync(dir)
      .sort()
      .map((name) => ({ kind, path: path.join(dir, name), name: path.relative(root, path.join(dir, name)) }));
  return {
    root,
    inputs: [...list(graphs, "graph"), ...list(models, "model")],
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** What no message may hold: a stack trace, or a raw escape, bell, CSI or direction character. */
export const STACK_TRACE = /\n\s+at |\bat .+\.(ts|js|mjs):\d+/;
export const RAW_CONTROL = /(?![\t\n])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
