import { z } from "zod";
import { kindDef, type NodeKind } from "../../../shared/catalog";
import { formatParamIssues } from "../../../shared/compile";

interface FieldBase {
  key: string;
  description: string;
  default: unknown;
}
/** One inspector field, read from the kind's params schema (zod -> JSON Schema). */
export type Field =
  | (FieldBase & {
      type: "number";
      integer: boolean;
      min?: number;
      max?: number;
      exclusiveMin?: number;
      exclusiveMax?: number;
    })
  | (FieldBase & { type: "boolean" })
  | (FieldBase & { type: "enum"; options: string[] })
  /** A list of whole numbers, typed as `28, 28, 1` (Reshape's target shape). */
  | (FieldBase & { type: "shape" })
  | (FieldBase & { type: "string"; maxLength?: number });

interface JsonProp {
  type?: string;
  enum?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
}

const cache = new Map<NodeKind, Field[]>();

/** The fields of a kind's params, in schema order. */
export function fieldsOf(kind: NodeKind): Field[] {
  const hit = cache.get(kind);
  if (hit) return hit;
  const schema = z.toJSONSchema(kindDef(kind).params) as { properties?: Record<string, JsonProp> };
  const fields = Object.entries(schema.properties ?? {}).map(([key, p]): Field => {
    const base = { key, description: p.description ?? "", default: p.default };
    if (p.enum) return { ...base, type: "enum", options: p.enum };
    if (p.type === "boolean") return { ...base, type: "boolean" };
    if (p.type === "array") return { ...base, type: "shape" };
    if (p.type === "integer" || p.type === "number") {
      return {
        ...base,
        type: "number",
        integer: p.type === "integer",
        min: p.minimum,
        max: p.maximum,
        exclusiveMin: p.exclusiveMinimum,
        exclusiveMax: p.exclusiveMaximum,
      };
    }
    return { ...base, type: "string", maxLength: p.maxLength };
  });
  cache.set(kind, fields);
  return fields;
}

const n = (v: number) => v.toLocaleString("en-US");

/** One end of a range in words: `from 0` or `more than 0`, `up to 10` or `less than 10`, or "". */
function bound(inclusive: number | undefined, exclusive: number | undefined, words: [string, string]): string {
  if (inclusive !== undefined) return `${words[0]} ${n(inclusive)}`;
  return exclusive !== undefined ? `${words[1]} ${n(exclusive)}` : "";
}

/** The allowed range in words: `whole number from 1 to 1,000,000,000`, `number, more than 0, up to 10`. */
export function rangeText(field: Field): string {
  if (field.type !== "number") return "";
  const kind = field.integer ? "whole number" : "number";
  if (field.min !== undefined && field.max !== undefined) return `${kind} from ${n(field.min)} to ${n(field.max)}`;
  const low = bound(field.min, field.exclusiveMin, ["from", "more than"]);
  const high = bound(field.max, field.exclusiveMax, ["up to", "less than"]);
  return [kind, low, high].filter(Boolean).join(", ");
}

/** Reads what was typed into a number field; an empty or non-numeric entry says so. */
export function parseNumber(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === "") return { error: "enter a number" };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `"${t}" is not a number` };
  return { value };
}

/** Reads a list of whole numbers as typed: `28, 28, 1`, `[28, 28, 1]` or `28 28 1`. */
export function parseShape(text: string): { value: number[] } | { error: string } {
  const parts = text
    .trim()
    .replace(/^\[|\]$/g, "")
    .split(/[\s,x×]+/)
    .filter(Boolean);
  if (parts.length === 0) return { error: "enter sizes, e.g. 28, 28, 1" };
  const bad = parts.find((p) => !/^-?\d+$/.test(p));
  if (bad !== undefined) return { error: `"${bad}" is not a whole number` };
  return { value: parts.map(Number) };
}

/** Checks one param value against the kind's schema; null when it is valid. */
export function checkParam(
  kind: NodeKind,
  params: Record<string, unknown>,
  key: string,
  value: unknown,
): string | null {
  const parsed = kindDef(kind).params.safeParse({ ...params, [key]: value });
  if (parsed.success) return null;
  const mine = parsed.error.issues.filter((i) => i.path[0] === key);
  if (mine.length === 0) return null;
  return formatParamIssues(new z.ZodError(mine));
}
