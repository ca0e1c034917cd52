import { constants } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { ApiError, type DirListing, type OpenKind, type OpenResult } from "../../shared/api";
import { type GraphDocument, parseGraph, serializeGraph } from "../../shared/graph";
import { describeJsonError } from "../../shared/jsonText";
import { FileTooLargeError, megabytes, NotAFileError, readRegularFile } from "../data/regularFile";
import { MAX_MODEL_BYTES } from "../export/modelFile";
import { headLooksLikeModel, looksLikeModel } from "../import/readModel";
import { openModelFile } from "./modelFiles";
import { refuseOverwrite, requireFolder } from "./targets";

/** Graph files larger than this are refused: no real graph comes close. */
export const MAX_GRAPH_BYTES = 64 * 1024 * 1024;

/** How much of a file too large for a graph is read to tell whether it is a model. */
const HEAD_BYTES = 16 * 1024;

/** A file-system path's problem as an error reply that names the file and says what is wrong. */
export function readError(err: unknown, file: string, what: string): ApiError {
  if (err instanceof NotAFileError) return new ApiError("IO", `${file}: ${err.message}; choose a ${what}`);
  if (err instanceof FileTooLargeError) {
    return new ApiError(
      "IO",
      `${path.basename(file)} is ${megabytes(err.bytes)} MB; ${what}s are at most ${megabytes(err.limit)} MB`,
    );
  }
  return ioError(err as NodeJS.ErrnoException, file);
}

/**
 * Reads a graph file and checks it; a file that is not a graph is an `ok: false` result, not an
 * error. A trained model's file, or a TF.js model folder, opens as its graph ({@link openModelFile}).
 * Only regular files are read (a FIFO or device would never end), and no error quotes the file.
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
  // A file too large for a graph is read (and parsed, here in the main process) only when its
  // start shows a model, which may be up to the model limit.
  if (info.isFile() && info.size > MAX_GRAPH_BYTES && info.size <= MAX_MODEL_BYTES) {
    const head = await readHead(full, HEAD_BYTES).catch((err: unknown) => {
      throw readError(err, full, "graph file");
    });
    if (!headLooksLikeModel(head)) {
      throw readError(new FileTooLargeError(info.size, MAX_GRAPH_BYTES), full, "graph file");
    }
  }
  const bytes = await readRegularFile(full, MAX_MODEL_BYTES).catch((err: unknown) => {
    if (!(err instanceof FileTooLargeError)) throw readError(err, full, "graph file");
    const limits = `graph files are at most ${megabytes(MAX_GRAPH_BYTES)} MB, model files ${megabytes(MAX_MODEL_BYTES)} MB`;
    throw new ApiError("IO", `${name} is ${megabytes(err.bytes)} MB; ${limits}`);
  });
  const text = bytes.toString("utf8");
  let json: unknown;
  let valid = true;
  try {
    json = JSON.parse(text);
  } catch {
    valid = false;
  }
  if (valid && looksLikeModel(json)) return openModelFile(full, { text, json });
  if (bytes.length > MAX_GRAPH_BYTES) {
    throw readError(new FileTooLargeError(bytes.length, MAX_GRAPH_BYTES), full, "graph file");
  }
  if (!valid) {
    return { ok: false, path: full, name, reason: "json", errors: [`not valid JSON: ${describeJsonError(text)}`] };
  }
  const parsed = parseGraph(json);
  if (!parsed.ok) return { ok: false, path: full, name, reason: parsed.reason, errors: parsed.errors };
  return { ok: true, path: full, name, doc: parsed.doc, migrations: parsed.migrations };
}

/**
 * The first `bytes` bytes of a regular file as text (a multi-byte character cut at the end is
 * harmless to a search for ASCII keys). Opened without waiting, like readRegularFile, in case the
 * path became a FIFO since it was checked; anything but a regular file gives "".
 */
async function readHead(file: string, bytes: number): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) return "";
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.toString("utf8", 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Writes a graph in its stable key order, atomically: a temp file renamed over the target. An
 * existing file is replaced only with `overwrite` ({@link refuseOverwrite}).
 */
export async function saveGraphFile(
  file: string,
  doc: GraphDocument,
  overwrite = false,
): Promise<{ path: string; bytes: number }> {
  const full = path.resolve(file);
  if (!full.toLowerCase().endsWith(".json")) {
    throw new ApiError(
      "BAD_REQUEST",
      `graphs are saved as .json files (name.netloom.json), not ${path.basename(full)}`,
    );
  }
  await requireFolder(path.dirname(full));
  await refuseOverwrite(full, "graph", overwrite);
  const text = serializeGraph(doc);
  await writeFileAtomic(full, text, { encoding: "utf8" }).catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  return { path: full, bytes: Buffer.byteLength(text) };
}

/**
 * Folders and the files of a directory that `kind` opens (.json graphs and models, or any data
 * file), folders first, hidden entries left out.
 */
export async function listDirectory(dir: string, kind: OpenKind = "graph"): Promise<DirListing> {
  const full = path.resolve(dir);
  const entries = await readdir(full, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw ioError(err, full);
  });
  const shown = entries
    .filter((e) => !e.name.startsWith("."))
    .filter((e) => e.isDirectory() || (e.isFile() && (kind === "data" || e.name.toLowerCase().endsWith(".json"))))
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
