import type { GraphDocument } from "../../shared/graph";
import { graphFolder } from "./dataFiles";

/**
 * How a Dataset node stores a chosen file: relative to the graph file's folder when the file lies
 * inside it (so the project folder can move or be shared), else the full path.
 */
export function storedDataPath(file: string, graphFile: string | null): string {
  const folder = graphFolder(graphFile);
  if (!folder) return file;
  for (const sep of ["/", "\\"]) {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    if (file.startsWith(prefix) && file.length > prefix.length) return file.slice(prefix.length);
  }
  return file;
}

/** Whether a path is absolute: `/x`, `\\server\x` or `C:\x`. */
function isAbsolutePath(p: string): boolean {
  return /^([/\\]|[A-Za-z]:[/\\])/.test(p);
}

/** `folder` joined with a relative path, `.` and `..` resolved, in the folder's separator. */
function joinPath(folder: string, relative: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  const parts = folder.split(/[/\\]/);
  for (const part of relative.split(/[/\\]/)) {
    if (part === "..") {
      if (parts.length > 1) parts.pop();
    } else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join(sep) || sep;
}

/** The Dataset params that name files. */
const PATH_PARAMS = ["path", "labelsPath", "testPath", "testLabelsPath"] as const;

/**
 * The graph as it should be saved to `to` after living at `from` (null: never saved): each
 * Dataset file path made relative to the new graph file's folder when the file lies inside it,
 * else absolute, so that it still names the same file. A relative path of a graph never saved
 * (read from the workspace root) stays as it is. The same document when nothing changes.
 */
export function rebaseDataPaths(doc: GraphDocument, from: string | null, to: string): GraphDocument {
  const fromFolder = graphFolder(from);
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    if (node.kind !== "Dataset") return node;
    const params = { ...node.params };
    let moved = false;
    for (const key of PATH_PARAMS) {
      const value = params[key];
      if (typeof value !== "string" || value === "") continue;
      if (!isAbsolutePath(value) && !fromFolder) continue;
      const full = isAbsolutePath(value) ? value : joinPath(fromFolder as string, value);
      const next = storedDataPath(full, to);
      if (next !== value) {
        params[key] = next;
        moved = true;
      }
    }
    if (!moved) return node;
    changed = true;
    return { ...node, params };
  });
  return changed ? { ...doc, nodes } : doc;
}
