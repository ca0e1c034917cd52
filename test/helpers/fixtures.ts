import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type GraphDocument, parseGraphText } from "../../shared/graph";

export const GRAPH_FIXTURES = join(import.meta.dirname, "../fixtures/graphs");

/** Reads a graph fixture, failing loudly if the fixture itself is not a valid document. */
export function readGraphFixture(name: string): GraphDocument {
  const parsed = parseGraphText(readFileSync(join(GRAPH_FIXTURES, name), "utf8"));
  if (!parsed.ok) throw new Error(`fixture ${name} is not a graph: ${parsed.errors.join("; ")}`);
  return parsed.doc;
}

/** Fixture files whose name starts with `prefix`. */
export function listGraphFixtures(prefix: string): string[] {
  return readdirSync(GRAPH_FIXTURES)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".json"))
    .sort();
}
