import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { Diagnostic } from "../../shared/compile";
import { type GraphDocument, parseGraphText } from "../../shared/graph";
import { compileWithData, fsReason, resolveDataPaths } from "../data";
import { readRegularFileSync } from "../data/regularFile";
import { MAX_GRAPH_BYTES } from "../handlers/graphFiles";
import { type Io, terminal } from "./output";

/** Exit codes of `netloom validate` (and of `netloom train` before it trains). */
export const EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

/** A graph file read and parsed, or why it could not be (exit 2). */
export type GraphFile = { ok: true; doc: GraphDocument } | { ok: false; message: string };

/**
 * Reads a graph file; never throws. Only a regular file within the graph-file limit is read, as
 * `file.open` reads one (a FIFO would never end, /dev/zero never stop). Older document versions
 * are migrated, and relative data paths are resolved against the file's folder.
 */
export function readGraphFile(path: string): GraphFile {
  let text: string;
  try {
    text = readRegularFileSync(path, MAX_GRAPH_BYTES).toString("utf8");
  } catch (err) {
    return { ok: false, message: `cannot read ${path}: ${fsReason(err)}` };
  }
  const parsed = parseGraphText(text);
  if (parsed.ok) return { ok: true, doc: resolveDataPaths(parsed.doc, dirname(resolve(path))) };
  const detail = parsed.errors.join("; ");
  // Format problems already say "not a NetLoom graph"; the others need it said.
  return {
    ok: false,
    message: parsed.reason === "format" ? `${path}: ${detail}` : `${path} is not a NetLoom graph: ${detail}`,
  };
}

/** `node <id>: <message>`, or `edge <id>: ...`, or `graph: ...` for problems of the whole graph. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.nodeId ? `node ${d.nodeId}` : d.edgeId ? `edge ${d.edgeId}` : "graph";
  return `${where}: ${d.message}`;
}

/**
 * Validates one graph file: 0 when it compiles, 1 with one line per error on stdout, 2 when the
 * file is unreadable or not a graph. Warnings go to stderr.
 */
export function validateFile(path: string, io: Io = terminal): number {
  try {
    const file = readGraphFile(path);
    if (!file.ok) {
      io.err(`netloom: ${file.message}`);
      return EXIT.unreadable;
    }
    const result = compileWithData(file.doc);
    for (const w of result.warnings) io.err(`warning: ${formatDiagnostic(w)}`);
    if (!result.ok) {
      for (const e of result.errors) io.out(formatDiagnostic(e));
      return EXIT.invalid;
    }
    const nodes = file.doc.nodes.length;
    io.out(`${path}: valid (${nodes} nodes, ${result.params.total.toLocaleString("en-US")} trainable parameters)`);
    return EXIT.ok;
  } catch (err) {
    io.err(`netloom: could not validate ${path}: ${(err as Error).message}`);
    return EXIT.unreadable;
  }
}

/** Registers `netloom validate FILE`. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a graph file: exit 0 when valid, 1 with one line per error, 2 when unreadable")
    .argument("<file>", "graph file (*.netloom.json)")
    .action((file: string) => {
      process.exitCode = validateFile(file);
    });
}
