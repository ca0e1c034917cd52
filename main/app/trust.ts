import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whether `url` is a file inside the folder `root`: `file:///app/renderer/index.html` is inside
 * `/app/renderer`, `file:///app/renderer-evil/x.html` is not (a plain prefix test would say it is).
 */
export function isFileInside(url: string | undefined, root: string): boolean {
  if (!url?.startsWith("file:")) return false;
  let file: string;
  try {
    file = fileURLToPath(url);
  } catch {
    // Encoded separators and remote hosts are no file of ours.
    return false;
  }
  const rel = path.relative(path.resolve(root), file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
