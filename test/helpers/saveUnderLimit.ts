/**
 * Saves a large graph over `FILE` through the handler table, as both transports do, in a process
 * whose file-size limit (RLIMIT_FSIZE, set on itself with prlimit) is far below the graph's size:
 * the kernel stops the write midway. `node --import tsx saveUnderLimit.ts FILE LIMIT_BYTES`.
 */
import { spawnSync } from "node:child_process";
import { dispatch } from "../../main/handlers/dispatch";
import { handlers } from "../../main/handlers/table";
import { loadPreset } from "../../shared/presets";

const [file, limit] = process.argv.slice(2) as [string, string];
const doc = loadPreset("mnist");
doc.meta.name = "the new version";
for (let i = 0; i < 3000; i++) {
  doc.nodes.push({ id: `relu_${i}`, kind: "ReLU", position: { x: i, y: i }, params: {} });
}
const limited = spawnSync("prlimit", ["--pid", String(process.pid), `--fsize=${limit}`], { encoding: "utf8" });
if (limited.status !== 0) throw new Error(`prlimit failed: ${limited.stderr}`);
const ctx = {
  host: "browser" as const,
  version: "test",
  startup: { preset: null, file: null },
  dataDir: `${file}.data`,
  emit: () => {},
};
const reply = await dispatch(handlers, ctx, "file.save", { path: file, doc, overwrite: true });
console.log(JSON.stringify(reply));
