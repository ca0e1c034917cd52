import type { CompileResult } from "./compileGraph";
import type { Diagnostic } from "./diagnostics";

/**
 * A compile result with the errors of the data files that could not be read (node id, message),
 * first, in place of the compiler's "has not been read yet" on the nodes `failed` names. A result
 * that compiled is returned as is: a graph with a node whose files failed to read cannot compile,
 * so such errors are older than the graph (the editor's, between an edit and the next read).
 */
export function withReadErrors(
  result: CompileResult,
  errors: Iterable<readonly [nodeId: string, message: string]>,
  failed: (nodeId: string | undefined) => unknown,
): CompileResult {
  const read: Diagnostic[] = [];
  for (const [nodeId, message] of errors) read.push({ severity: "error", code: "DATA_UNKNOWN", message, nodeId });
  if (read.length === 0 || result.ok) return result;
  const kept = result.errors.filter((e) => !(e.code === "DATA_UNKNOWN" && failed(e.nodeId)));
  return { ...result, errors: [...read, ...kept] };
}
