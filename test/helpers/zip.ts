import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";

/** Unpacks a zip file into `dir` as an unzip tool does; returns the paths it holds, `/` between names. */
export function unzipInto(zipFile: string, dir: string): string[] {
  const entries = unzipSync(new Uint8Array(readFileSync(zipFile)));
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith("/")) continue;
    const to = path.join(dir, ...name.split("/"));
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, data);
  }
  return Object.keys(entries)
    .filter((n) => !n.endsWith("/"))
    .sort();
}
