import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { ApiError, type DirListing, type OpenResult } from "../../shared/api";
import { type GraphDocument, parseGraphText, serializeGraph } from "../../shared/graph";
import { looksLikeModel } from "../export/readModel";
import { openModelFile } from "./models";

/** Graph files larger than this are refused before reading: no real graph comes close. */
export const MAX_GRAPH_BYTES = 64 * 1024 * 1024;

/**
 * Reads a graph file and checks it; a file that is not a graph is an `ok: false` result, not an
 * error. A trained model's file, or a TF.js model folder, opens as its graph ({@link openModelFile}).
 */
export async function openGraphFile(file: string): Promise<OpenResult> {
  const full = path.resolve(file);
  const name = path.basename(full);
  const info = await stat(full).catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  if (info.isDirectory()) {
    const model = path.join(full, "model.json");
    if ((await stat(model).catch(() => null))?.isFile()) return openModelFile(model);
    throw new ApiError("IO", `${full} is a folder, not a graph file`);
  }
  if (info.size > MAX_GRAPH_BYTES) {
    throw new ApiError("IO", `${name} is ${Math.round(info.size / 1e6)} MB; graph files are at most 64 MB`);
  }
  const text = await readFile(full, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  const parsed = parseGraphText(text);
  if (!parsed.ok && parsed.reason === "format" && looksLikeModel(JSON.parse(text))) return openModelFile(full);
  if (!parsed.ok) return { ok: false, path: full, name, reason: parsed.reason, errors: parsed.errors };
  return { ok: true, path: full, name, doc: parsed.doc, migrations: parsed.migrations };
}

/** Writes a graph in its stable key order, atomically: a temp file renamed over the target. */
export async function saveGraphFile(file: string, doc: GraphDocument): Promise<{ path: string; bytes: number }> {
  const full = path.resolve(file);
  if (!full.toLowerCase().endsWith(".json")) {
    throw new ApiError(
      "BAD_REQUEST",
      `graphs are saved as .json files (name.netloom.json), not ${path.basename(full)}`,
    );
  }
  const dir = path.dirname(full);
  const dirInfo = await stat(dir).catch(() => null);
  if (!dirInfo?.isDirectory()) throw new ApiError("NOT_FOUND", `the folder ${dir} does not exist`);
  const text = serializeGraph(doc);
  await writeFileAtomic(full, text, { encoding: "utf8" }).catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  return { path: full, bytes: Buffer.byteLength(text) };
}

/** Folders and .json files of a directory, folders first, hidden entries left out. */
export async function listDirectory(dir: string): Promise<DirListing> {
  const full = path.resolve(dir);
  const entries = await readdir(full, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  const shown = entries
    .filter((e) => !e.name.startsWith("."))
    .filter((e) => e.isDirectory() || (e.isFile() && e.name.toLowerCase().endsWith(".json")))
    .map((e) => ({
      name: e.name,
      path: path.join(full, e.name),
      kind: e.isDirectory() ? ("dir" as const) : ("file" as const),
    }))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "dir" ? -1 : 1));
  const parent = path.dirname(full);
  return { dir: full, parent: parent === full ? null : parent, entries: shown };
}

/** Turns a file-system error into a message that names the file and what to do. */
export function ioError(err: NodeJS.ErrnoException, file: string): ApiError {
  switch (err.code) {
    case "ENOENT":
      return new ApiError("NOT_FOUND", `no such file or folder: ${file}`);
    case "EACCES":
    case "EPERM":
      return new ApiError("IO", `permission denied: ${file}`);
    case "ENOTDIR":
      return new ApiError("IO", `not a folder: ${file}`);
    case "EISDIR":
      return new ApiError("IO", `${file} is a folder`);
    default:
      return new ApiError("IO", `${file}: ${err.message}`);
  }
}
