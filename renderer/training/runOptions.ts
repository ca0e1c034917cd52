import type { RunOptions } from "../../shared/run";
import type { RunOptionFields } from "../store/types";

/**
 * The run options the panel's fields ask for: only those set, and processes only for the pytorch
 * backend (the others train in one process).
 */
export function runOptionsOf(fields: RunOptionFields): RunOptions {
  const { epochs, limit, backend, processes } = fields;
  return {
    ...(epochs ? { epochs } : {}),
    ...(limit ? { limit } : {}),
    ...(backend ? { backend } : {}),
    ...(backend === "pytorch" && processes && processes > 1 ? { processes } : {}),
  };
}
