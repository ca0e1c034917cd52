import { quoteFromFile } from "../quote";
import { GRAPH_FORMAT, GRAPH_VERSION } from "./document";

/** One named step that turns a raw document of version `from` into version `from + 1`. */
export interface Migration {
  name: string;
  from: number;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The migrations of the graph format, oldest first. Version 1 is the first released format,
 * so there are none yet; the next format change adds `{ name, from: 1, up }` here and a
 * fixture of a version-1 file to `test/fixtures/graphs/`.
 */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  | { ok: true; doc: Record<string, unknown>; applied: string[] }
  | { ok: false; reason: "format" | "version"; message: string };

/**
 * Brings a parsed JSON value up to `target` by applying `migrations` in order. Refuses values
 * that are not NetLoom graphs and files written by a newer NetLoom, naming what it found.
 */
export function migrate(
  raw: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = GRAPH_VERSION,
): MigrationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      reason: "format",
      message: `not a NetLoom graph: the file holds ${describeValue(raw)}, not an object`,
    };
  }
  const doc = raw as Record<string, unknown>;
  if (doc.format !== GRAPH_FORMAT) {
    const found =
      doc.format === undefined
        ? 'no "format" field'
        : typeof doc.format === "string"
          ? `format ${quoteFromFile(doc.format)}`
          : `a format that is ${describeValue(doc.format)}`;
    return {
      ok: false,
      reason: "format",
      message: `not a NetLoom graph: expected format "${GRAPH_FORMAT}", found ${found}`,
    };
  }
  const version = doc.version;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      reason: "version",
      message: `version must be a whole number from 1, found ${JSON.stringify(version)}`,
    };
  }
  if (version > target) {
    return {
      ok: false,
      reason: "version",
      message: `this file is graph version ${version}, written by a newer NetLoom; this build reads versions up to ${target}`,
    };
  }
  let current = doc;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) {
      return { ok: false, reason: "version", message: `no migration from graph version ${v} to ${v + 1}` };
    }
    current = { ...step.up(current), version: v + 1 };
    applied.push(step.name);
  }
  return { ok: true, doc: current, applied };
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}
