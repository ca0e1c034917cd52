import type { DatasetInfo } from "../../shared/catalog";

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
