import { lstat, stat } from "node:fs/promises";
import path from "node:path";
import { ApiError, type SaveKind } from "../../shared/api";

/** `/out/mnist_train.py` -> `/out/mnist_train.weights`: where a PyTorch script's trained weights go. */
export function pytorchWeightsDir(script: string): string {
  return script.replace(/\.py$/i, ".weights");
}

/** Refuses with `NOT_FOUND` a save into a folder that does not exist. */
export async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ApiError("NOT_FOUND", `the folder ${dir} does not exist`);
}

/**
 * The files a save of `kind` to `target` writes: a graph or a one-file model is the file itself,
 * a TF.js model the two files in its folder, a PyTorch script itself and the weights beside it.
 */
export function filesWritten(target: string, kind: SaveKind): string[] {
  const full = path.resolve(target);
  if (kind === "tfjs") return [path.join(full, "model.json"), path.join(full, "weights.bin")];
  if (kind !== "pytorch") return [full];
  const weights = pytorchWeightsDir(full);
  return [full, path.join(weights, "model.json"), path.join(weights, "weights.bin")];
}

/** Which of the files a save of `kind` to `target` writes exist already (a link or a folder counts). */
export async function existingFiles(target: string, kind: SaveKind): Promise<string[]> {
  const files = filesWritten(target, kind);
  const found = await Promise.all(
    files.map((f) =>
      lstat(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  return files.filter((_, i) => found[i]);
}

/**
 * Refuses with `EXISTS` (naming the files) to replace files that exist, unless `overwrite`
 * says the user agreed: a browser's path field, unlike a native save dialog, asks nobody.
 */
export async function refuseOverwrite(target: string, kind: SaveKind, overwrite: boolean): Promise<void> {
  if (overwrite) return;
  const existing = await existingFiles(target, kind);
  if (existing.length === 0) return;
  const what = existing.length === 1 ? `${existing[0]} already exists` : `${existing.join(", ")} already exist`;
  throw new ApiError("EXISTS", `${what}; NetLoom replaces files only when you confirm it`);
}
