import type { DatasetInfo } from "../../shared/catalog";
import type { CompileResult } from "../../shared/compile";

/** What the back end read of the files Dataset nodes name (CSV, IDX), by node id. */
export interface DataFiles {
  infos: Readonly<Record<string, DatasetInfo>>;
  /** Why a node's files could not be read. */
  errors: Readonly<Record<string, string>>;
}

/** No files read (yet). */
export const NO_DATA_FILES: DataFiles = { infos: {}, errors: {} };

const PATH_KEYS = ["source", "path", "labelsPath", "testPath", "testLabelsPath", "labelColumn", "labels"] as const;

/**
 * What identifies a read of a Dataset node's files: its source, paths and label settings, and the
 * folder relative paths start from. Null for built-in data and for nodes that name no file yet.
 */
export function dataFileKey(params: Record<string, unknown>, baseDir: string | null): string | null {
  const source = params.source ?? "mnist";
  if ((source !== "csv" && source !== "idx") || typeof params.path !== "string" || params.path === "") return null;
  return JSON.stringify([baseDir, ...PATH_KEYS.map((k) => params[k] ?? null)]);
}

/**
 * A compile result with the back end's read errors in place of "has not been read yet" on their
 * nodes, as `compileWithData` does on the back end.
 */
export function withReadErrors(result: CompileResult, errors: DataFiles["errors"]): CompileResult {
  const failed = Object.keys(errors);
  if (failed.length === 0 || result.ok) return result;
  const kept = result.errors.filter((e) => !(e.code === "DATA_UNKNOWN" && e.nodeId && errors[e.nodeId]));
  const read = failed.map((nodeId) => ({
    severity: "error" as const,
    code: "DATA_UNKNOWN" as const,
    message: errors[nodeId] as string,
    nodeId,
  }));
  return { ...result, errors: [...read, ...kept] };
}
