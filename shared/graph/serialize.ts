import type { z } from "zod";
import { describeJsonError } from "../jsonText";
import { type GraphDocument, zGraphDocument } from "./document";
import { migrate } from "./migrations";

/** Why a file could not be read as a graph, with one message per problem. */
export type ParseGraphResult =
  | { ok: true; doc: GraphDocument; migrations: string[] }
  | { ok: false; reason: "json" | "format" | "version" | "schema"; errors: string[] };

/** Parses the text of a graph file: JSON, then migrations, then the schema. Never throws. */
export function parseGraphText(text: string): ParseGraphResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // V8's own message quotes the text; the description says what and where without it.
    return { ok: false, reason: "json", errors: [`not valid JSON: ${describeJsonError(text)}`] };
  }
  return parseGraph(raw);
}

/** Validates an already-parsed JSON value as a graph document, migrating older versions. */
export function parseGraph(raw: unknown): ParseGraphResult {
  const migrated = migrate(raw);
  if (!migrated.ok) return { ok: false, reason: migrated.reason, errors: [migrated.message] };
  const parsed = zGraphDocument.safeParse(migrated.doc);
  if (!parsed.success) return { ok: false, reason: "schema", errors: formatIssues(parsed.error) };
  return { ok: true, doc: parsed.data, migrations: migrated.applied };
}

/** Turns zod issues into lines like `nodes[2].position.x: expected number, received string`. */
export function formatIssues(error: z.ZodError, limit = 20): string[] {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const path = formatPath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (error.issues.length > limit) lines.push(`... and ${error.issues.length - limit} more problems`);
  return lines;
}

/** `["nodes", 2, "position", "x"]` -> `nodes[2].position.x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * Writes a document as JSON with a fixed key order (format, version, meta, nodes, edges, then
 * variants when there are any; node and edge fields in schema order; params, meta and the nodes
 * a variant changes sorted), so saved files diff well.
 */
export function serializeGraph(doc: GraphDocument): string {
  const ordered = {
    format: doc.format,
    version: doc.version,
    meta: sortKeys(doc.meta),
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...(n.label !== undefined ? { label: n.label } : {}),
      position: { x: round(n.position.x), y: round(n.position.y) },
      params: sortKeys(n.params),
    })),
    edges: doc.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourcePort,
      target: e.target,
      targetPort: e.targetPort,
    })),
    ...(doc.variants ? { variants: doc.variants.map((v) => ({ name: v.name, nodes: sortKeys(v.nodes) })) } : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Positions are kept to 2 decimals: enough for a canvas, and stable across drags. */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
