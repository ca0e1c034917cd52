import { realpathSync, statSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { ApiError } from "../../shared/api";
import { DEFAULT_EXAMPLES_DIR } from "../examples/gallery";
import type { HostServices } from "./context";

/**
 * The real path of `full`, symlinks resolved, even when its last parts do not exist yet (a file
 * about to be saved): the longest existing ancestor is resolved and the rest appended.
 */
async function realPathOf(full: string): Promise<string> {
  const missing: string[] = [];
  for (let head = full; ; ) {
    try {
      return path.join(await realpath(head), ...missing);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return full;
      missing.unshift(path.basename(head));
      head = parent;
    }
  }
}

/** Whether `full` is `root` itself or inside it (both absolute). */
export function isInside(root: string, full: string): boolean {
  const rel = path.relative(root, full);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

/**
 * The absolute path a request names, relative paths read from `base` (else the workspace root, else
 * the working folder). Under `netloom serve` every file the back end reads or writes for a request
 * goes through here: the path, symlinks resolved, must lie in the workspace root (as Jupyter's
 * root_dir), else the request fails with FORBIDDEN. The Electron app, whose native dialogs pick
 * any file the user chooses, has no root and gets the path as given, made absolute.
 */
export async function resolveInWorkspace(
  ctx: Pick<HostServices, "workspaceRoot">,
  requested: string,
  base?: string,
): Promise<string> {
  const root = ctx.workspaceRoot;
  const full = path.resolve(base ?? root ?? process.cwd(), requested);
  if (!root) return full;
  const real = await realPathOf(full);
  if (isInside(root, real)) return real;
  throw new ApiError(
    "FORBIDDEN",
    `${requested} is outside the workspace ${root}; NetLoom serves only files in the folder it was started for (netloom serve --root DIR)`,
  );
}

/**
 * Like {@link resolveInWorkspace}, for a data file to read: the files of NetLoom's own examples
 * folder may be read too, wherever the workspace is, so an example opened from the gallery (its
 * data paths absolute, into that folder) trains under any `--root`. Nothing there is ever written.
 */
export async function resolveReadable(
  ctx: Pick<HostServices, "workspaceRoot" | "examplesDir">,
  requested: string,
  base?: string,
): Promise<string> {
  try {
    return await resolveInWorkspace(ctx, requested, base);
  } catch (err) {
    const examples = await realpath(ctx.examplesDir ?? DEFAULT_EXAMPLES_DIR).catch(() => null);
    const real = await realPathOf(path.resolve(base ?? ctx.workspaceRoot ?? process.cwd(), requested));
    if (examples && isInside(examples, real)) return real;
    throw err;
  }
}

/**
 * The workspace root, a real path: `--root`, else the folder `netloom serve` starts in, or the
 * graph's own folder when the graph lies outside it. The graph to open must lie inside.
 */
export function workspaceRootFor(file: string | undefined, root: string | undefined, cwd = process.cwd()): string {
  const real = (dir: string, what: string) => {
    let found: string;
    try {
      found = realpathSync(dir);
    } catch {
      throw new Error(`${what} ${dir} does not exist`);
    }
    if (!statSync(found).isDirectory()) throw new Error(`${what} ${dir} is not a folder`);
    return found;
  };
  const graph = file
    ? path.join(real(path.dirname(path.resolve(cwd, file)), "the graph's folder"), path.basename(file))
    : null;
  const inside = (dir: string) => !graph || isInside(dir, graph);
  if (root !== undefined) {
    const chosen = real(path.resolve(cwd, root), "--root");
    if (!inside(chosen)) throw new Error(`the graph ${file} is outside --root ${chosen}`);
    return chosen;
  }
  const here = real(cwd, "the working folder");
  return inside(here) || !graph ? here : path.dirname(graph);
}
